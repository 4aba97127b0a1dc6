package dev.hflogin.keycloak.mappers;

import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The sub-groups of one parent group that stand for Hugging Face organizations. */
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

    void join(UserModel user, Collection<String> handles) {
        if (handles.isEmpty()) {
            return;
        }
        GroupModel parent = parent();
        if (parent == null) {
            return;
        }
        for (String handle : handles) {
            GroupModel group = child(parent, handle);
            if (group == null && createMissing) {
                group = session.groups().createGroup(realm, handle, parent);
            }
            if (group != null && !user.isMemberOf(group)) {
                user.joinGroup(group);
            }
        }
    }

    void leaveAllBut(UserModel user, Collection<String> handles) {
        GroupModel parent = KeycloakModelUtils.findGroupByPath(session, realm, parentPath);
        if (parent == null) {
            return;
        }
        Set<String> keep = handles.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<GroupModel> stale = user.getGroupsStream()
                .filter(group -> parent.getId().equals(group.getParentId()))
                .filter(group -> !keep.contains(group.getName().toLowerCase(Locale.ROOT)))
                .toList();
        stale.forEach(user::leaveGroup);
    }

    private GroupModel parent() {
        GroupModel parent = KeycloakModelUtils.findGroupByPath(session, realm, parentPath);
        if (parent != null || !createMissing) {
            if (parent == null) {
                LOG.warnf("Hugging Face group mapper: parent group %s does not exist and creating groups is off", parentPath);
            }
            return parent;
        }
        GroupModel above = null;
        for (String name : parentPath.substring(1).split("/")) {
            GroupModel next = above == null
                    ? session.groups().getTopLevelGroupsStream(realm, name, true, null, null).findFirst().orElse(null)
                    : child(above, name);
            above = next != null ? next : session.groups().createGroup(realm, name, above);
        }
        return above;
    }

    /** Group names are compared without case: HF handles are case-insensitive. */
    private static GroupModel child(GroupModel parent, String name) {
        return parent.getSubGroupsStream()
                .filter(group -> group.getName().equalsIgnoreCase(name))
                .findFirst().orElse(null);
    }
}
