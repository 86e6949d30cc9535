package dev.portico.services;

/**
 * A relation of a table as DreamFactory derives it from foreign keys, named as DreamFactory names
 * it: {@code belongs_to} {@code <ref_table>_by_<field>}, {@code has_many} {@code <ref_table>_by_<ref_field>},
 * {@code many_many} {@code <ref_table>_by_<junction_table>}. The junction members are null except
 * for many_many. Immutable.
 */
public record Relation(String type, String name, String field, String refTable, String refField,
                       String junctionTable, String junctionField, String junctionRefField) {
    static Relation belongsTo(ForeignKey key) {
        return new Relation("belongs_to", key.refTable() + "_by_" + key.column(), key.column(), key.refTable(),
                key.refColumn(), null, null, null);
    }

    static Relation hasMany(ForeignKey key) {
        return new Relation("has_many", key.table() + "_by_" + key.column(), key.refColumn(), key.table(),
                key.column(), null, null, null);
    }

    /** {@code toThis} is the junction's key to this table, {@code toOther} its key to the far table. */
    static Relation manyMany(ForeignKey toThis, ForeignKey toOther) {
        return new Relation("many_many", toOther.refTable() + "_by_" + toThis.table(), toThis.refColumn(),
                toOther.refTable(), toOther.refColumn(), toThis.table(), toThis.column(), toOther.column());
    }
}
