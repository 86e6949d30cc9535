package dev.portico.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessDecisionTableTest {
    private final AccessEngine engine = new AccessEngine();

    @ParameterizedTest(name = "[{index}] {0} admin={1}: {4} {2}/{3} as {5} -> allowed={6} filters=''{7}''")
    @CsvSource(delimiter = '|', textBlock = """
        # role  | admin | service | component           | verb   | requestor | allowed | filters
        # exact beats prefix wildcard; the two exact rules are OR-ed, each verb keeps its own rule's filters
        sales   | false | db      | _table/orders       | GET    | API       | true    | owner_id = {user.id}
        sales   | false | db      | _table/orders       | PUT    | API       | true    | owner_id = {user.id}
        sales   | false | db      | _table/orders       | PATCH  | API       | true    | region = {user.region}
        sales   | false | db      | _table/orders       | POST   | API       | false   |
        sales   | false | db      | _table/orders       | DELETE | API       | false   |
        sales   | false | db      | /_table/orders      | GET    | API       | true    | owner_id = {user.id}
        # a rule on _table/orders does not cover its records: they fall to _table/*
        sales   | false | db      | _table/orders/17    | GET    | API       | true    |
        sales   | false | db      | _table/orders/17    | POST   | API       | true    |
        sales   | false | db      | _table/customers    | GET    | API       | true    |
        sales   | false | db      | _table/customers    | POST   | API       | true    |
        sales   | false | db      | _table/customers    | PUT    | API       | false   |
        sales   | false | db      | _table/customers/5  | GET    | API       | true    |
        # prefix wildcards also match the bare prefix; the longest prefix wins
        sales   | false | db      | _table              | GET    | API       | true    |
        sales   | false | db      | _table/archive      | GET    | API       | true    |
        sales   | false | db      | _table/archive/5    | GET    | API       | true    |
        sales   | false | db      | _table/archive/5    | POST   | API       | false   |
        # requestor: API-only rules are invisible to scripts, which fall to the all-services SCRIPT rule
        sales   | false | db      | _table/orders       | GET    | SCRIPT    | true    |
        sales   | false | db      | _table/orders       | POST   | SCRIPT    | false   |
        sales   | false | db      | _schema/orders      | GET    | SCRIPT    | true    |
        sales   | false | db      | _schema/orders      | GET    | API       | false   |
        sales   | false | files   | docs/readme.txt     | GET    | SCRIPT    | true    |
        sales   | false | crm     | contacts            | GET    | SCRIPT    | true    |
        sales   | false | crm     | contacts            | GET    | API       | false   |
        # parenthesised parts are stripped from rules and requests alike
        sales   | false | db      | _proc/report(7,8)   | POST   | API       | true    |
        sales   | false | db      | _proc/report        | POST   | API       | true    |
        sales   | false | db      | _proc/report        | GET    | API       | false   |
        # '' is the service root only; '*' covers the root and everything below
        sales   | false | db      | ''                  | GET    | API       | true    |
        sales   | false | db      | /                   | GET    | API       | true    |
        sales   | false | db      | ''                  | POST   | API       | false   |
        sales   | false | files   | docs/readme.txt     | GET    | API       | true    |
        sales   | false | files   | docs/readme.txt     | DELETE | API       | false   |
        sales   | false | files   | ''                  | GET    | API       | true    |
        # service names ignore case; components do not
        sales   | false | DB      | _table/orders       | GET    | API       | true    | owner_id = {user.id}
        sales   | false | db      | _table/Orders       | GET    | API       | true    |
        sales   | false | db      | _table/Orders       | PUT    | API       | false   |
        sales   | false | db      | _TABLE/orders       | GET    | API       | false   |
        # {placeholder} segments match any one segment; the pattern-level matches tie and are OR-ed
        sales   | false | db      | _table/{table}      | PATCH  | API       | true    | region = {user.region}
        sales   | false | db      | _table/{table}      | GET    | API       | true    |
        sales   | false | db      | _table/{table}      | DELETE | API       | false   |
        owners  | false | db      | _table/orders/{id}  | GET    | API       | true    | owner_id = {user.id}
        owners  | false | db      | _table/orders/{id}  | DELETE | API       | false   |
        owners  | false | db      | _table/orders/5     | PATCH  | API       | true    | owner_id = {user.id}
        owners  | false | db      | _table/orders       | GET    | API       | true    |
        owners  | false | db      | _table/orders       | PATCH  | API       | false   |
        # service-wide '*' rules are OR-ed with each other
        owners  | false | db      | _table/items        | GET    | API       | true    |
        owners  | false | db      | _table/items        | DELETE | API       | true    |
        owners  | false | db      | _table/items        | POST   | API       | false   |
        owners  | false | db      | ''                  | DELETE | API       | true    |
        # all-services rules count for '*', and for '' on the root; a service's own '*' shadows them
        global  | false | crm     | contacts            | GET    | API       | true    |
        global  | false | crm     | ''                  | POST   | API       | true    |
        global  | false | crm     | contacts            | POST   | API       | false   |
        global  | false | crm     | _table/x            | DELETE | API       | false   |
        global  | false | mail    | send                | POST   | API       | true    |
        global  | false | mail    | send                | GET    | API       | false   |
        # inactive role, no role, sys-admin
        retired | false | db      | _table/orders       | GET    | API       | false   |
        none    | false | db      | _table/orders       | GET    | API       | false   |
        none    | true  | db      | _table/orders       | DELETE | API       | true    |
        retired | true  | crm     | anything/at/all     | PATCH  | SCRIPT    | true    |
        """)
    void role_decides_verb_on_component_as_the_table_says(String role, boolean sysAdmin, String service,
            String component, Verb verb, Requestor requestor, boolean allowed, String filters) {
        AccessDecision decision = engine.decide(SampleRoles.named(role), sysAdmin,
                new AccessRequest(service, component, verb, requestor));

        assertEquals(allowed, decision.allowed(), decision.reason());
        assertEquals(filters == null ? "" : filters, SampleRoles.render(decision), decision.reason());
    }
}
