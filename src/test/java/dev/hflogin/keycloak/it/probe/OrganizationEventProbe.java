package dev.hflogin.keycloak.it.probe;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OrganizationModel;

/**
 * A test-only Keycloak provider, deployed next to the provider JAR in the test Keycloak ({@code TestProviders}): it
 * writes a line to Keycloak's log for each {@link OrganizationModel.OrganizationMemberJoinEvent}, the event Keycloak
 * fires when a user joins an organization, so a test can see that a sign-in fired it. Keycloak itself has no listener
 * of it; extensions do. An event listener factory only because that is a provider type every Keycloak loads; as a
 * listener of login and admin events it does nothing and is enabled in no realm.
 */
public class OrganizationEventProbe implements EventListenerProviderFactory {

    /** Starts each line the probe writes: {@code <MARK> organization <id> user <id>}. */
    public static final String MARK = "TEST PROBE: organization member joined:";

    private static final Logger LOG = Logger.getLogger(OrganizationEventProbe.class);

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof OrganizationModel.OrganizationMemberJoinEvent join) {
                LOG.infof("%s organization %s user %s", MARK, join.getOrganization().getId(), join.getUser().getId());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return "hf-test-organization-event-probe";
    }
}
