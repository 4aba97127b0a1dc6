package dev.hflogin.keycloak.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Counting the statements Hibernate logs, as Keycloak writes them: one entry per statement, formatted over several lines. */
class SqlLogTest {

    private static final String LOG = """
            2026-11-24 06:58:01,101 INFO  [org.keycloak.events] (executor-thread-3) type="IDENTITY_PROVIDER_LOGIN"
            2026-11-24 06:58:01,102 DEBUG [org.hibernate.SQL] (executor-thread-3)\s
                select
                    fie1_0.FEDERATED_USER_ID,
                    fie1_0.USER_ID\s
                from
                    FEDERATED_IDENTITY fie1_0\s
                where
                    fie1_0.REALM_ID=?
            2026-11-24 06:58:01,103 DEBUG [org.hibernate.SQL] (executor-thread-3)\s
                insert\s
                into
                    USER_ENTITY
                    (CREATED_TIMESTAMP, EMAIL, ID)\s
                values
                    (?, ?, ?)
            2026-11-24 06:58:01,104 DEBUG [org.hibernate.SQL] (executor-thread-4)\s
                update
                    USER_ENTITY\s
                set
                    EMAIL=?\s
                where
                    ID=?
            2026-11-24 06:58:01,105 DEBUG [org.hibernate.SQL] (executor-thread-3)\s
                select
                    (select count(*) from USER_ROLE_MAPPING u) as c\s
                from
                    FEDERATED_IDENTITY fie1_0
            """;

    @Test
    void givenKeycloaksLog_thenEachStatementIsCountedByVerbAndFirstTable() {
        Map<String, Integer> statements = SqlLog.statements(LOG);

        assertEquals(Map.of("select FEDERATED_IDENTITY", 1, "insert USER_ENTITY", 1, "update USER_ENTITY", 1,
                "select USER_ROLE_MAPPING", 1), statements);
        assertEquals(4, SqlLog.total(statements));
    }

    @Test
    void givenNoSqlLogged_thenNothingIsCounted() {
        assertEquals(Map.of(), SqlLog.statements("2026-11-24 06:58:01,101 INFO  [org.keycloak.events] (executor-thread-3) login\n"));
    }
}
