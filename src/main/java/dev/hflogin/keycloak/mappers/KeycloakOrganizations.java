package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.links.LinkWarnings;
import dev.hflogin.keycloak.links.OrganizationLink;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Keycloak organization that stands for a Hugging Face organization, by {@link OrganizationLink}'s
 * rule: the one linked to the HF org's ID; else, only where the admin listed the org's handle in the
 * allow-list, an unlinked one whose alias is that handle (then linked). Created on request, all of a sign-in's in one
 * transaction, race-safe ({@link IsolatedCreation}), never with an alias another organization has.
 */
final class KeycloakOrganizations {

    private static final Logger LOG = Logger.getLogger(KeycloakOrganizations.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationProvider organizations;
    private final OrganizationLink link;
    /** The user's organizations by the HF org ID they are linked to: a returning member's are found without a query. */
    private final Map<String, OrganizationModel> linkedOfUser = new HashMap<>();

    KeycloakOrganizations(KeycloakSession session, RealmModel realm, OrganizationProvider organizations,
                          OrganizationLink link, Collection<OrganizationModel> ofUser) {
        this.session = session;
        this.realm = realm;
        this.organizations = organizations;
        this.link = link;
        for (OrganizationModel organization : ofUser) {
            String linkedTo = OrganizationLink.linkedId(organization.getAttributes());
            if (linkedTo != null) {
                linkedOfUser.putIfAbsent(linkedTo.toLowerCase(Locale.ROOT), organization);
            }
        }
    }

    /**
     * The organizations standing for these orgs, in their order; those missing created when {@code create}, all in
     * one transaction of their own (one per organization costs a commit and cache invalidations each, which for a
     * user in 100 new orgs is most of the sign-in). When that transaction fails (a concurrent sign-in created one of
     * them first), each is created on its own, as {@link IsolatedCreation} does, and the winner's is used.
     */
    Map<HuggingFaceOrganization, OrganizationModel> standingForAll(List<HuggingFaceOrganization> orgs, boolean create) {
        Map<HuggingFaceOrganization, OrganizationModel> standing = new LinkedHashMap<>();
        List<HuggingFaceOrganization> missing = new ArrayList<>();
        for (HuggingFaceOrganization org : orgs) {
            if (!link.mayMap(org) || standing.containsKey(org)) {
                continue;
            }
            OrganizationModel known = linkedOfUser.get(org.id().toLowerCase(Locale.ROOT));
            OrganizationModel found = known != null ? known : find(organizations, link, org);
            standing.put(org, found);
            if (found == null && create && org.handle() != null) {
                missing.add(org);
            }
        }
        Map<HuggingFaceOrganization, String> created = missing.size() > 1 ? createAllIsolated(missing) : Map.of();
        for (HuggingFaceOrganization org : missing) {
            String id = created.containsKey(org) ? created.get(org) : createIsolated(org);
            OrganizationModel organization = id == null ? null : organizations.getById(id);
            standing.put(org, organization != null ? organization : (id == null ? null : find(organizations, link, org)));
        }
        standing.values().removeIf(Objects::isNull);
        return standing;
    }

    /** The missing organizations found or created in one transaction, by org; empty when that transaction failed. */
    private Map<HuggingFaceOrganization, String> createAllIsolated(List<HuggingFaceOrganization> missing) {
        String realmId = realm.getId();
        Map<HuggingFaceOrganization, String> ids = new HashMap<>();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
                for (HuggingFaceOrganization org : missing) {
                    ids.put(org, findOrCreateIn(own, realmId, link, org, true));
                }
            });
            return ids;
        } catch (RuntimeException raced) {
            if (IsolatedCreation.lostToUniqueKey(raced)) {
                // The one-by-one creation that follows then finds the winner's: this is the only trace of the race.
                IsolatedCreation.lostRace("one of the organizations for the HF orgs with IDs "
                        + missing.stream().map(HuggingFaceOrganization::id).toList() + ", created together,");
            } else {
                LOG.debugf("Hugging Face organization mapper: creating %d organizations at once failed (%s); creating them one by one",
                        missing.size(), raced.toString());
            }
            return Map.of();
        }
    }

    private static OrganizationModel find(OrganizationProvider organizations, OrganizationLink link, HuggingFaceOrganization org) {
        OrganizationModel linked = linkedTo(organizations, org);
        if (linked != null || !link.adoptsByHandle(org)) {
            return linked;
        }
        OrganizationModel named = withAliasOf(organizations, org);
        if (named == null || !link.mayAdopt(named.getAttributes(), named.getAlias(), org)) {
            return null; // none, or linked to another HF org that used to have this handle
        }
        named.setAttributes(OrganizationLink.withLink(named.getAttributes(), org.id()));
        LOG.infof("Hugging Face organization mapper: organization %s (alias listed in the allow-list) linked to the HF org with ID %s",
                named.getId(), org.id());
        return named;
    }

    /**
     * A database query on the link attribute, past any cache: also what a sign-in that lost a creation race reads.
     * Its answer is not checked again against the organization's attributes: those come through Keycloak's
     * organization cache, which can lag behind an organization a concurrent sign-in has just created and linked.
     */
    private static OrganizationModel linkedTo(OrganizationProvider organizations, HuggingFaceOrganization org) {
        return organizations.getAllStream(Map.of(OrganizationLink.ORG_ID, org.id()), 0, 1).findFirst().orElse(null);
    }

    /** The organization whose alias is the org's handle as HF writes it ({@code Qwen}) or in lower case. */
    private static OrganizationModel withAliasOf(OrganizationProvider organizations, HuggingFaceOrganization org) {
        String handle = org.handle();
        if (handle == null) {
            return null;
        }
        OrganizationModel byAlias = byAlias(organizations, handle);
        String lower = handle.toLowerCase(Locale.ROOT);
        return byAlias != null || lower.equals(handle) ? byAlias : byAlias(organizations, lower);
    }

    private static OrganizationModel byAlias(OrganizationProvider organizations, String alias) {
        return organizations.getAllStream(Map.of(OrganizationModel.ALIAS, alias), 0, 1).findFirst().orElse(null);
    }

    private String createIsolated(HuggingFaceOrganization org) {
        String realmId = realm.getId();
        return IsolatedCreation.findOrCreate(session.getKeycloakSessionFactory(),
                "an organization for the HF org with ID " + org.id(), (own, create) -> findOrCreateIn(own, realmId, link, org, create));
    }

    private static String findOrCreateIn(KeycloakSession own, String realmId, OrganizationLink link, HuggingFaceOrganization org,
                                         boolean create) {
        own.getContext().setRealm(own.realms().getRealm(realmId));
        OrganizationProvider organizations = own.getProvider(OrganizationProvider.class);
        OrganizationModel found = find(organizations, link, org);
        if (found != null || !create || org.handle() == null) {
            return found == null ? null : found.getId();
        }
        OrganizationModel taken = withAliasOf(organizations, org);
        if (taken != null) {
            OrganizationModel linkedNow = linkedTo(organizations, org);
            if (linkedNow != null) { // a concurrent sign-in created and linked it between the two look-ups
                IsolatedCreation.lostRace("an organization for the HF org with ID " + org.id());
                return linkedNow.getId();
            }
            LinkWarnings.aliasTaken(realmId, taken.getId(), org.id());
            return null;
        }
        OrganizationModel created = createWithFreeName(organizations, org);
        created.setAttributes(OrganizationLink.withLink(created.getAttributes(), org.id()));
        return created.getId();
    }

    /**
     * Names are unique too, and a display name says nothing about identity: the HF display name, else the
     * handle, else the handle with the org ID. The alias is the handle (checked free above); a concurrent
     * creation of the same org fails on it at commit, and {@link IsolatedCreation} reads the winner's.
     */
    private static OrganizationModel createWithFreeName(OrganizationProvider organizations, HuggingFaceOrganization org) {
        String handle = org.handle();
        List<String> names = org.name() == null || org.name().isBlank()
                ? List.of(handle, handle + " (" + org.id() + ")")
                : List.of(org.name(), handle, handle + " (" + org.id() + ")");
        ModelDuplicateException last = null;
        for (String name : names) {
            try {
                return organizations.create(name, handle);
            } catch (ModelDuplicateException taken) {
                last = taken;
            }
        }
        throw last;
    }
}
