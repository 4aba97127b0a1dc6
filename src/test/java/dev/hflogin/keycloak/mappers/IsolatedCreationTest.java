package dev.hflogin.keycloak.mappers;

import org.junit.jupiter.api.Test;
import org.keycloak.models.ModelDuplicateException;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A creation that failed on a unique key is a lost race (logged as such); any other failure is not. */
class IsolatedCreationTest {

    @Test
    void givenADuplicateOrAUniqueKeyViolationAnywhereInTheCauses_thenItIsALostRace() {
        assertTrue(IsolatedCreation.lostToUniqueKey(new ModelDuplicateException("alias taken")));
        assertTrue(IsolatedCreation.lostToUniqueKey(new RuntimeException("commit failed",
                new IllegalStateException(new SQLException("Unique index or primary key violation", "23505")))));
    }

    @Test
    void givenAnyOtherFailure_thenItIsNotALostRace() {
        assertFalse(IsolatedCreation.lostToUniqueKey(new IllegalStateException("database down",
                new SQLException("connection refused", "08001"))));
        assertFalse(IsolatedCreation.lostToUniqueKey(new RuntimeException((Throwable) null)));
    }
}
