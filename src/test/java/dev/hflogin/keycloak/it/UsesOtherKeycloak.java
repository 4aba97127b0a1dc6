package dev.hflogin.keycloak.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class with tests on the run's second Keycloak ({@link OtherKeycloak}). The second Keycloak starts in the
 * background as the run begins only when the run has such a class: a run without one (the benchmarks) must not share
 * the machine's two cores with a Keycloak starting up.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface UsesOtherKeycloak {
}
