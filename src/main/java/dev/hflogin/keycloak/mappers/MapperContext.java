package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.links.OrganizationLink;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import dev.hflogin.keycloak.orgs.OrganizationRole;
import dev.hflogin.keycloak.profile.HuggingFaceProfile;
import dev.hflogin.keycloak.profile.HuggingFaceProfileParser;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What the organization mappers share: reading the HF profile and the "minimum role" field. */
final class MapperContext {

    static final String MINIMUM_ROLE = "minimumRole";
    static final String ANY_ROLE = "any";

    private MapperContext() {
    }

    static ProviderConfigProperty minimumRoleProperty() {
        return ProviderConfigurationBuilder.create()
                .property().name(MINIMUM_ROLE)
                    .label("hfMapperMinimumRole")
                    .helpText("hfMapperMinimumRoleHelp")
                    .type(ProviderConfigProperty.LIST_TYPE)
                    .options(ANY_ROLE, "read", "contributor", "write", "admin")
                    .defaultValue(ANY_ROLE)
                    .add()
                .build().get(0);
    }

    static Optional<OrganizationRole> minimumRole(IdentityProviderMapperModel mapperModel) {
        return OrganizationRole.parse(mapperModel.getConfig().get(MINIMUM_ROLE));
    }

    /** The parsed profile, or empty when the login did not come through the Hugging Face provider. */
    static Optional<HuggingFaceProfile> profile(BrokeredIdentityContext context) {
        return HuggingFaceProfileParser.fromContext(context.getContextData());
    }

    /**
     * The user's organizations that the provider's allow-list admits ({@link OrganizationLink}: with an
     * allow-list, nothing is granted for an org outside it) and that meet the mapper's minimum role.
     */
    static Stream<HuggingFaceOrganization> qualifyingOrganizations(OrganizationLink link, IdentityProviderMapperModel mapperModel,
                                                                   HuggingFaceProfile profile) {
        Optional<OrganizationRole> minimum = minimumRole(mapperModel);
        List<HuggingFaceOrganization> organizations = profile.organizations();
        return organizations.stream().filter(link::admits).filter(org -> org.hasRoleAtLeast(minimum));
    }
}
