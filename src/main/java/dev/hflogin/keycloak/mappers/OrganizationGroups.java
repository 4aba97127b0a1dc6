package dev.hflogin.keycloak.mappers;

import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sub-groups of one parent group that stand for Hugging Face organizations, named after the org
 * handles. Groups the mapper joins are recorded in the login's context, as Keycloak's own group
 * mappers do, so that no mapper of the same login takes them away again.
 */
final class OrganizationGroups {

    private static final Logger LOG = Logger.getLogger(OrganizationGroups.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String parentPath;
    private final boolean createMissing;

    OrganizationGroups(KeycloakSession session, RealmModel realm, String parentPath, boolean createMissing) {
        this.session = session;
        this.realm = realm;
        String path = parentPath == null || parentPath.isBlank()
                ? HuggingFaceOrganizationGroupMapper.DEFAULT_PARENT : parentPath.trim();
        this.parentPath = path.startsWith("/") ? path : "/" + path;
        this.createMissing = createMissing;
    }

    /** The groups of these handles (created when missing and allowed), by group ID. */
    Map<String, GroupModel> groupsOf(Collection<String> handles) {
        Map<String, GroupModel> groups = new LinkedHashMap<>();
        GroupModel parent = handles.isEmpty() ? null : parent();
        if (parent == null) {
            return groups;
        }
        GroupLookup.Children children = new GroupLookup.Children(parent); // read once, not once per handle
        for (String handle : handles) {
            GroupModel group = children.named(handle);
            if (group == null && createMissing) {
                group = GroupCreation.create(session, realm, parent, handle, true);
                if (group != null) {
                    children.add(group);
                }
            }
            if (group != null) {
                groups.put(group.getId(), group);
            }
        }
        return groups;
    }

    void join(UserModel user, Collection<GroupModel> groups, BrokeredIdentityContext context) {
        // What user.isMemberOf(group) answers (member of the group or of a group below it), read once: each call
        // reads all the user's groups again, which for a user in many organizations is a read per organization.
        Set<String> memberOf = new HashSet<>();
        user.getGroupsStream().forEach(mine -> addWithAncestors(memberOf, mine));
        for (GroupModel group : groups) {
            context.addMapperAssignedGroup(group.getId());
            if (!memberOf.contains(group.getId())) {
                user.joinGroup(group);
                addWithAncestors(memberOf, group);
            }
        }
    }

    private static void addWithAncestors(Set<String> ids, GroupModel group) {
        for (GroupModel at = group; at != null && ids.add(at.getId()); at = at.getParent()) {
            // up to the top, or to a group already counted with its ancestors
        }
    }

    /** Leaves the parent's sub-groups not in {@code keep}, except those another mapper of this login assigned. */
    void leaveAllBut(UserModel user, Set<String> keep, BrokeredIdentityContext context) {
        GroupModel parent = GroupLookup.byPath(session, realm, parentPath);
        if (parent == null) {
            return;
        }
        List<GroupModel> stale = user.getGroupsStream()
                .filter(group -> parent.getId().equals(group.getParentId()))
                .filter(group -> !keep.contains(group.getId()) && !context.hasMapperAssignedGroup(group.getId()))
                .toList();
        stale.forEach(user::leaveGroup);
    }

    private GroupModel parent() {
        if (!createMissing) {
            GroupModel parent = GroupLookup.byPath(session, realm, parentPath);
            if (parent == null) {
                LOG.warnf("Hugging Face group mapper: parent group %s does not exist and creating groups is off", parentPath);
            }
            return parent;
        }
        GroupModel above = null;
        for (String name : GroupLookup.steps(parentPath)) {
            above = GroupCreation.findOrCreate(session, realm, above, name, false);
            if (above == null) {
                return null;
            }
        }
        return above;
    }
}
