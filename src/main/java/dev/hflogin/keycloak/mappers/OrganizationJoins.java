package dev.hflogin.keycloak.mappers;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.MembershipMetadata;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.representations.idm.MembershipType;

/**
 * Makes the user of one sign-in a member of Keycloak organizations, as {@link OrganizationProvider#addMember} does
 * (an unmanaged membership of the organization's internal group, and the {@link OrganizationModel.OrganizationMemberJoinEvent}),
 * in time linear in the number of organizations.
 *
 * <p>Why not {@code addMember} every time: it reads the user again on each call, and Keycloak checks on every read of a
 * user whether they are a managed member of a disabled organization, with one query per organization the user is in
 * (for a user created or changed in this transaction every read is such a read). Joining N organizations one after the
 * other is N²/2 queries (about 5,000 for 100), and each later read of the user in the sign-in N more.
 *
 * <p>What this does instead, where the server has {@link OrganizationProvider#getOrganizationGroup} (26.6+), for a user
 * this sign-in created: each membership as {@code addMember} makes it, minus that read: the organization set in the
 * context, the organization's group joined as an unmanaged member, the join event fired. What {@code addMember} also does
 * is have Keycloak's organization cache forget what it knew of the user's memberships; of that, for a user who did not
 * exist before this sign-in, there is one entry: the user's organizations (none, read at the start of the sign-in). It
 * is forgotten by one {@code addMember} for a membership already made, run as the transaction commits (in it, before
 * the database commit): until then the reads of the user find no organization to check, instead of costing a query per
 * organization each (a sign-in reads the user about ten times after the mappers). Not refreshed: an organization's
 * member count as Keycloak may have cached it (admin REST {@code .../members/count}, which the admin console does not
 * use), until that organization's membership changes again. For a user who existed before (whose memberships Keycloak
 * may have cached) and on older servers, every membership goes through {@code addMember}.
 */
final class OrganizationJoins {

    /** Whether this server gives an organization's internal group; looked up once, as the one JAR serves 26.0 to 26.7. */
    static final boolean DIRECT = hasOrganizationGroup(OrganizationProvider.class);

    private final KeycloakSession session;
    private final OrganizationProvider organizations;
    private final UserModel user;
    private final boolean newUser;
    /** Set once the cache is to be told, at commit, that the user's organizations changed. */
    private boolean cacheToldAtCommit;

    /**
     * @param newUser whether this sign-in created the user (the first sign-in, {@code importNewUser})
     */
    OrganizationJoins(KeycloakSession session, OrganizationProvider organizations, UserModel user, boolean newUser) {
        this.session = session;
        this.organizations = organizations;
        this.user = user;
        this.newUser = newUser;
    }

    static boolean hasOrganizationGroup(Class<?> organizations) {
        try {
            organizations.getMethod("getOrganizationGroup", OrganizationModel.class);
            return true;
        } catch (NoSuchMethodException olderServer) {
            return false;
        }
    }

    /**
     * Makes the user a member; the caller knows they are not one yet (it read their organizations once).
     *
     * @return whether the user became a member
     */
    boolean join(OrganizationModel organization) {
        if (!(DIRECT && newUser)) {
            return organizations.addMember(organization, user);
        }
        OrganizationModel current = session.getContext().getOrganization();
        if (current == null) {
            session.getContext().setOrganization(organization); // as addMember does: the group is the organization's
        }
        try {
            GroupModel group = organizations.getOrganizationGroup(organization);
            user.joinGroup(group, new MembershipMetadata(MembershipType.UNMANAGED));
            OrganizationModel.OrganizationMemberJoinEvent.fire(organization, user, session);
        } finally {
            if (current == null) {
                session.getContext().setOrganization(null);
            }
        }
        if (!cacheToldAtCommit) {
            cacheToldAtCommit = true;
            tellCacheAtCommit(organization);
        }
        return true;
    }

    /**
     * {@code addMember} for a membership made here, as the transaction commits: the user is a member already, so it adds
     * and fires nothing, and it has Keycloak's cache forget the user's organizations.
     */
    private void tellCacheAtCommit(OrganizationModel joined) {
        session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                organizations.addMember(joined, user);
            }

            @Override
            protected void rollbackImpl() {
                // nothing was stored, nothing to forget
            }
        });
    }
}
