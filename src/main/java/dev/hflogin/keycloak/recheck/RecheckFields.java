package dev.hflogin.keycloak.recheck;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/** The admin-console fields of re-checking, appended to the provider's own (labels are message keys). */
public final class RecheckFields {

    private RecheckFields() {
    }

    public static List<ProviderConfigProperty> create() {
        return ProviderConfigurationBuilder.create()
                .property()
                    .name(RecheckSettings.ENABLED)
                    .label("hfRecheckMembership")
                    .helpText("hfRecheckMembershipHelp")
                    .type(ProviderConfigProperty.BOOLEAN_TYPE)
                    .defaultValue("false")
                    .add()
                .property()
                    .name(RecheckSettings.INTERVAL)
                    .label("hfRecheckInterval")
                    .helpText("hfRecheckIntervalHelp")
                    .type(ProviderConfigProperty.STRING_TYPE)
                    .defaultValue(String.valueOf(RecheckSettings.DEFAULT_INTERVAL_SECONDS))
                    .add()
                .property()
                    .name(RecheckSettings.GRACE)
                    .label("hfRecheckGrace")
                    .helpText("hfRecheckGraceHelp")
                    .type(ProviderConfigProperty.STRING_TYPE)
                    .defaultValue(String.valueOf(RecheckSettings.DEFAULT_GRACE_SECONDS))
                    .add()
                .property()
                    .name(RecheckSettings.AFTER_GRACE)
                    .label("hfRecheckAfterGrace")
                    .helpText("hfRecheckAfterGraceHelp")
                    .type(ProviderConfigProperty.LIST_TYPE)
                    .options(RecheckSettings.AfterGrace.END_SESSIONS.value(), RecheckSettings.AfterGrace.KEEP_SESSIONS.value())
                    .defaultValue(RecheckSettings.AfterGrace.END_SESSIONS.value())
                    .add()
                .build();
    }
}
