package dev.hflogin.keycloak.it;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class whose time is mostly waiting on a clock (Hugging Face hanging past Keycloak's socket time-out, held
 * refreshes, re-check intervals, grace periods) runs on the waiting lane: beside the other classes instead of after
 * them, one lane class at a time, on the lane's own stand-in ({@link LiveEnvironment#waitingLaneHuggingFace()}), so
 * what it switches on at Hugging Face never reaches a test of the other lane. Its tests must not use the run's shared
 * stand-in ({@link WaitingLane} refuses it on their threads).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(WaitingLane.LOCK)
public @interface OnWaitingLane {
}
