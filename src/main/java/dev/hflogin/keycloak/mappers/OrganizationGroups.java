package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.links.LinkWarnings;
import dev.hflogin.keycloak.links.OrganizationLink;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
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
 * The sub-groups of one parent group that stand for Hugging Face organizations, by
 * {@link OrganizationLink}'s rule: a sub-group linked to the HF org's ID; else, only where the admin
 * listed the org's handle in the allow-list, an unlinked sub-group of that name (then linked). Groups
 * the mapper creates are named after the handle and linked; a name another sub-group has is never
 * taken. Groups the mapper joins are recorded in the login's context, as Keycloak's own group mappers
 * do, so that no mapper of the same login takes them away again.
 */
final class OrganizationGroups {

    private static final Logger LOG = Logger.getLogger(OrganizationGroups.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String parentPath;
    private final boolean createMissing;
    private final OrganizationLink link;

    OrganizationGroups(KeycloakSession session, RealmModel realm, String parentPath, boolean createMissing, OrganizationLink link) {
        this.session = session;
        this.realm = realm;
        String path = parentPath == null || parentPath.isBlank()
                ? HuggingFaceOrganizationGroupMapper.DEFAULT_PARENT : parentPath.trim();
        this.parentPath = path.startsWith("/") ? path : "/" + path;
        this.createMissing = createMissing;
        this.link = link;
    }

    /**
     * The groups standing for these orgs (created when missing and allowed), by group ID. The missing ones are created
     * in one transaction of their own ({@link GroupCreation#createLinkedAll}), one by one only when that fails.
     */
    Map<String, GroupModel> groupsOf(Collection<HuggingFaceOrganization> orgs) {
        Map<String, GroupModel> groups = new LinkedHashMap<>();
        List<HuggingFaceOrganization> mappable = orgs.stream().filter(link::mayMap).toList();
        GroupModel parent = mappable.isEmpty() ? null : parent();
        if (parent == null) {
            return groups;
        }
        GroupLookup.Children children = new GroupLookup.Children(parent); // read once, not once per org
        Map<String, String> missing = new LinkedHashMap<>(); // HF org ID -> handle, the name a created group gets
        for (HuggingFaceOrganization org : mappable) {
            GroupModel group = children.linkedTo(org.id());
            if (group == null) {
                group = adopted(children, org);
            }
            if (group != null) {
                groups.put(group.getId(), group);
            } else if (createMissing && mayCreate(children, org)) {
                missing.putIfAbsent(org.id(), org.handle());
            }
        }
        Map<String, GroupModel> created = missing.size() > 1
                ? GroupCreation.createLinkedAll(session, realm, parent, missing) : Map.of();
        missing.forEach((orgId, handle) -> {
            GroupModel group = created.containsKey(orgId) ? created.get(orgId)
                    : GroupCreation.createLinked(session, realm, parent, handle, orgId);
            if (group != null) {
                children.add(group);
                groups.put(group.getId(), group);
            }
        });
        return groups;
    }

    /** An unlinked sub-group named after a handle the admin listed in the allow-list, linked now. */
    private GroupModel adopted(GroupLookup.Children children, HuggingFaceOrganization org) {
        GroupModel named = org.handle() == null ? null : children.named(org.handle());
        if (named == null || !link.mayAdopt(named.getAttributes(), named.getName(), org)) {
            return null;
        }
        named.setSingleAttribute(OrganizationLink.ORG_ID, org.id());
        children.add(named);
        LOG.infof("Hugging Face group mapper: group %s (name listed in the allow-list) linked to the HF org with ID %s",
                named.getId(), org.id());
        return named;
    }

    /** Whether a group may be created for the org: it has a handle to name it after, and no sub-group has that name. */
    private boolean mayCreate(GroupLookup.Children children, HuggingFaceOrganization org) {
        if (org.handle() == null || org.handle().isBlank()) {
            return false;
        }
        GroupModel taken = children.named(org.handle());
        if (taken != null) {
            LinkWarnings.groupNameTaken(realm.getId(), taken.getId(), org.id());
            return false;
        }
        return true;
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

    /**
     * Leaves the parent's sub-groups that stand for an HF org (linked) and are not in {@code keep}, except
     * those another mapper of this login assigned. Sub-groups not linked to an HF org are the admin's.
     */
    void leaveAllBut(UserModel user, Set<String> keep, BrokeredIdentityContext context) {
        GroupModel parent = GroupLookup.byPath(session, realm, parentPath);
        if (parent == null) {
            return;
        }
        List<GroupModel> stale = user.getGroupsStream()
                .filter(group -> parent.getId().equals(group.getParentId()))
                .filter(group -> OrganizationLink.linkedId(group.getAttributes()) != null)
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
