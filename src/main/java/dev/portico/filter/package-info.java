/**
 * DreamFactory's {@code filter} query parameter: {@link dev.portico.filter.FilterParser} reads it
 * into a {@link dev.portico.filter.FilterNode} tree and {@link dev.portico.filter.FilterRenderer}
 * renders that tree for one engine as SQL plus bound values. Used by the system API and by
 * database services ({@code docs/SERVICES.md}), where the role's row filters and record keys are
 * rendered through the same renderer.
 *
 * <h2>Safe by construction</h2>
 * No text from a filter reaches SQL except as (a) a column name that matched the table's
 * {@link dev.portico.filter.FieldCatalog} and is quoted by the engine's rules ({@code "x"} on SQLite
 * and PostgreSQL, {@code `x`} on MySQL/MariaDB), (b) a fixed keyword from
 * {@link dev.portico.filter.Operator} or the renderer ({@code AND OR NOT IN LIKE IS NULL ESCAPE '!'}),
 * or (c) a {@code ?} placeholder. Every value is typecast to its column's kind and bound.
 *
 * <h2>Grammar</h2>
 * <pre>
 * filter     := or
 * or         := and  { ("OR" | "||") and }
 * and        := not  { ("AND" | "&&") not }
 * not        := "NOT" not | "(" or ")" | comparison
 * comparison := field operator [values]
 * field      := name | `name` | "name"            name = 1-64 of [A-Za-z0-9_]
 * operator   := = | != | &lt;&gt; | &gt; | &gt;= | &lt; | &lt;= | EQ | NE | GT | GTE | LT | LTE
 *             | [NOT] IN | [NOT] LIKE | [NOT] CONTAINS | [NOT] STARTS WITH | [NOT] ENDS WITH
 *             | IS NULL | IS NOT NULL
 * values     := value | "(" value { "," value } ")"  (the list form only, and only, after [NOT] IN)
 * value      := 'text' | "text" | number | true | false | null | bare-word | :param | {lookup}
 * </pre>
 * Keywords and word operators are case-insensitive whole words. Inside quotes the quote is doubled
 * ({@code 'O''Brien'}). An unquoted value is a number, {@code true}/{@code false}, {@code null}, or
 * else one bare word of letters, digits and {@code _ . @ + - : / %} taken as text
 * ({@code created_date > 2024-01-31T12:00:00Z} works; text with spaces must be quoted).
 * {@code AND OR NOT XOR NOR} are reserved: a column with such a name is written quoted.
 * A filter is at most {@value dev.portico.filter.FilterParser#MAX_LENGTH} characters and nests
 * parentheses and NOT at most {@value dev.portico.filter.FilterParser#MAX_DEPTH} deep. Errors are
 * 400 {@code Invalid or unparsable filter request.} with a reason and a 1-based position, or
 * {@code Invalid or unparsable field in filter request: 'x'}; no message echoes more than 80
 * characters of the filter, nor any parameter or lookup value.
 *
 * <h2>Values</h2>
 * {@code :name} comes from the request's {@code params} (key {@code ":name"} or {@code "name"});
 * {@code {name}} from the session's lookups. A missing one is a 400 naming it. Values are typecast to
 * the column's {@link dev.portico.filter.FieldKind}: a value that does not fit is a 400 naming the
 * field and the literal (or the parameter or lookup, never its value). Booleans accept
 * {@code true false 1 0} and bind as {@code true/false} on PostgreSQL, {@code 1/0} elsewhere.
 * Timestamps accept ISO-8601 dates and date-times with {@code T} or a space and an optional offset,
 * which is converted to UTC (the zone Portico stores); they bind as {@code LocalDateTime} on the
 * servers and on SQLite as the text {@code YYYY-MM-DD HH:MM:SS.ffffff}, always with six fraction
 * digits because that is how Portico stores them there, so text comparison is exact.
 *
 * <h2>Where Portico deliberately differs from DreamFactory</h2>
 * <ul>
 * <li><b>Precedence</b> is the standard NOT &gt; AND &gt; OR. DreamFactory splits at the first
 *     {@code ) AND (} before looking for OR, so {@code (a) OR (b) AND (c)} means
 *     {@code ((a) OR (b)) AND (c)} there and {@code (a) OR ((b) AND (c))} here.</li>
 * <li><b>Operands need no parentheses</b>: {@code a=1 AND b=2} works (DreamFactory mis-parses it),
 *     and {@code NOT} works before any operand, not only as a prefix of the whole filter.</li>
 * <li><b>XOR and NOR are rejected</b> with a 400: rare, and not expressible alike on all engines.</li>
 * <li><b>A parenthesised value is never SQL.</b> DreamFactory passes {@code name = (expr)} through
 *     as a raw SQL expression behind a keyword blacklist; Portico rejects it (400). Subqueries,
 *     functions and column-to-column comparisons are not available in filters.</li>
 * <li><b>LIKE patterns mean the same on every engine</b>: {@code %} and {@code _} are wildcards and
 *     a backslash makes the next character literal (the PostgreSQL/MySQL default, which SQLite
 *     lacks). Patterns are rendered with {@code ESCAPE '!'}. CONTAINS, STARTS WITH and ENDS WITH
 *     match their value literally: a {@code %} or {@code _} in it is not a wildcard (DreamFactory
 *     wraps the raw value in {@code %}). They also have NOT forms ({@code NOT CONTAINS}…).</li>
 * <li><b>LIKE-family operators apply to text columns only</b> (400 otherwise): PostgreSQL has no
 *     LIKE on numbers or timestamps, and the engines would disagree.</li>
 * <li><b>null</b>: {@code = null} and {@code != null} render as {@code IS NULL} and
 *     {@code IS NOT NULL} (DreamFactory binds null, which matches nothing). Any other operator with
 *     null, and null inside an IN list, is a 400: they can never match, and {@code NOT IN} with a
 *     null matches nothing at all.</li>
 * <li><b>Text values may not hold NUL or malformed unicode</b> (400): PostgreSQL refuses NUL.</li>
 * <li>{@code ALL} and DreamFactory's per-column {@code db_function} substitution are not supported.</li>
 * </ul>
 * Not normalised: case sensitivity of {@code =} and LIKE on text follows the column's collation
 * (MySQL/MariaDB's default is case-insensitive; PostgreSQL is case-sensitive; SQLite's LIKE ignores
 * ASCII case), as it does in DreamFactory.
 */
package dev.portico.filter;
