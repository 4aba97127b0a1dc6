package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Keycloak organization that stands for a Hugging Face organization: the one linked to its HF
 * ID (attribute {@value #LINK_ATTRIBUTE}), else the one whose alias is its handle (as HF writes it,
 * or in lower case), which then gets linked, so that an HF org that renames itself keeps its Keycloak
 * organization. Created on request, race-safe ({@link IsolatedCreation}).
 */
final class KeycloakOrganizations {

    static final String LINK_ATTRIBUTE = "huggingface.orgId";
    private static final Logger LOG = Logger.getLogger(KeycloakOrganizations.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationProvider organizations;
    /** The user's organizations by the HF org ID they are linked to: a returning member's are found without a query. */
    private final Map<String, OrganizationModel> linkedOfUser = new HashMap<>();

    KeycloakOrganizations(KeycloakSession session, RealmModel realm, OrganizationProvider organizations,
                          Collection<OrganizationModel> ofUser) {
        this.session = session;
        this.realm = realm;
        this.organizations = organizations;
        for (OrganizationModel organization : ofUser) {
            String linkedTo = firstValue(organization.getAttributes(), LINK_ATTRIBUTE);
            if (linkedTo != null) {
                linkedOfUser.putIfAbsent(linkedTo, organization);
            }
        }
    }

    /** @return the organization, or null when there is none and none may be created */
    OrganizationModel standingFor(HuggingFaceOrganization org, boolean create) {
        OrganizationModel known = org.id() == null ? null : linkedOfUser.get(org.id());
        if (known != null) {
            return known;
        }
        OrganizationModel found = find(organizations, org);
        if (found != null || !create) {
            return found;
        }
        String id = createIsolated(org);
        OrganizationModel created = id == null ? null : organizations.getById(id);
        if (created == null) {
            created = find(organizations, org); // read through this sign-in's own session
        }
        if (created == null) {
            LOG.warnf("Hugging Face organization mapper: no organization for the HF org with ID %s after creating it (id %s)",
                    org.id(), id);
        }
        return created;
    }

    private static OrganizationModel find(OrganizationProvider organizations, HuggingFaceOrganization org) {
        if (org.id() != null) {
            OrganizationModel linked = organizations.getAllStream(Map.of(LINK_ATTRIBUTE, org.id()), 0, 1).findFirst().orElse(null);
            if (linked != null) {
                return linked;
            }
        }
        if (org.handle() == null) {
            return null;
        }
        OrganizationModel byAlias = byAlias(organizations, org.handle());
        if (byAlias == null && !org.handle().equals(org.handle().toLowerCase(Locale.ROOT))) {
            byAlias = byAlias(organizations, org.handle().toLowerCase(Locale.ROOT)); // HF keeps case: Qwen, alias qwen
        }
        if (byAlias == null) {
            return null;
        }
        String linkedTo = firstValue(byAlias.getAttributes(), LINK_ATTRIBUTE);
        if (linkedTo == null && org.id() != null) {
            link(byAlias, org.id());
            return byAlias;
        }
        // Linked to another HF org that used to have this handle: not this one's.
        return linkedTo == null || linkedTo.equals(org.id()) ? byAlias : null;
    }

    private static OrganizationModel byAlias(OrganizationProvider organizations, String alias) {
        return organizations.getAllStream(Map.of(OrganizationModel.ALIAS, alias), 0, 1).findFirst().orElse(null);
    }

    private String createIsolated(HuggingFaceOrganization org) {
        String realmId = realm.getId();
        return IsolatedCreation.findOrCreate(session.getKeycloakSessionFactory(),
                "an organization for the HF org with ID " + org.id(), (own, create) -> findOrCreateIn(own, realmId, org, create));
    }

    private static String findOrCreateIn(KeycloakSession own, String realmId, HuggingFaceOrganization org, boolean create) {
        own.getContext().setRealm(own.realms().getRealm(realmId));
        OrganizationProvider organizations = own.getProvider(OrganizationProvider.class);
        OrganizationModel found = find(organizations, org);
        if (found == null && create && org.handle() != null) {
            String name = org.name() == null || org.name().isBlank() ? org.handle() : org.name();
            try {
                found = organizations.create(name, org.handle());
            } catch (ModelDuplicateException taken) {
                if (name.equals(org.handle())) {
                    throw taken;
                }
                found = organizations.create(org.handle(), org.handle()); // names are unique too: display name taken
            }
            if (org.id() != null) {
                link(found, org.id());
            }
        }
        return found == null ? null : found.getId();
    }

    private static void link(OrganizationModel organization, String hfOrgId) {
        Map<String, List<String>> attributes = new HashMap<>(organization.getAttributes());
        attributes.put(LINK_ATTRIBUTE, new ArrayList<>(List.of(hfOrgId)));
        organization.setAttributes(attributes);
    }

    private static String firstValue(Map<String, List<String>> attributes, String name) {
        List<String> values = attributes == null ? null : attributes.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
