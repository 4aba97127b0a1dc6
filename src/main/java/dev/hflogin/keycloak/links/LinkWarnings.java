package dev.hflogin.keycloak.links;

import org.jboss.logging.Logger;

/**
 * What an admin sees in the log when the mapper refuses to join a name it does not own, with what to
 * do about it. Only IDs are logged (never a handle an HF user chose), once per node and object.
 */
public final class LinkWarnings {

    private static final Logger LOG = Logger.getLogger(LinkWarnings.class);

    private LinkWarnings() {
    }

    public static void aliasTaken(String realmId, String organizationId, String hfOrgId) {
        OnceLog.warn(LOG, "org|" + realmId + "|" + organizationId + "|" + hfOrgId,
                "Hugging Face organization mapper: no organization created for the HF org with ID %s: its handle is the alias "
                        + "of organization %s, which is not linked to it. If that organization stands for this HF org, set its "
                        + "attribute %s to %s; otherwise leave it, and members of the HF org get no organization",
                hfOrgId, organizationId, OrganizationLink.ORG_ID, hfOrgId);
    }

    public static void groupNameTaken(String realmId, String groupId, String hfOrgId) {
        OnceLog.warn(LOG, "group|" + realmId + "|" + groupId + "|" + hfOrgId,
                "Hugging Face group mapper: no group created for the HF org with ID %s: group %s under the parent has its "
                        + "handle as name and is not linked to it. If that group stands for this HF org, set its attribute %s "
                        + "to %s; otherwise rename one of them",
                hfOrgId, groupId, OrganizationLink.ORG_ID, hfOrgId);
    }

    public static void roleGroupNameTaken(String realmId, String organizationId, String groupId, String role) {
        OnceLog.warn(LOG, "role|" + realmId + "|" + groupId + "|" + role,
                "Hugging Face organization mapper: no '%s' role group used in organization %s: its group %s has that name "
                        + "and is not linked to the role. If it stands for the HF role, set its attribute %s to %s",
                role, organizationId, groupId, OrganizationLink.ROLE, role);
    }
}
