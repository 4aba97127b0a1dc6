package dev.hflogin.keycloak.tokens;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockedLinkTest {

    @Test
    void givenTheFailuresOfALockAttemptOnABusyRow_thenTheyReadAsBusyWhereverTheyAreInTheChain() {
        assertTrue(LockedLink.isRowBusy(new LockTimeoutException("busy")));
        assertTrue(LockedLink.isRowBusy(new RuntimeException(new PessimisticLockException("busy"))));
        assertTrue(LockedLink.isRowBusy(new PersistenceException(new SQLException("could not obtain lock", "55P03"))));
        assertTrue(LockedLink.isRowBusy(new PersistenceException(new SQLException("Timeout trying to lock table", "HYT00", 50200))));
    }

    @Test
    void givenOtherDatabaseFailures_thenTheyAreNotTakenForABusyRow() {
        assertFalse(LockedLink.isRowBusy(new PersistenceException(new SQLException("connection refused", "08001"))));
        assertFalse(LockedLink.isRowBusy(new IllegalStateException("no")));
        assertFalse(LockedLink.isRowBusy(null));
    }
}
