package dev.hflogin.keycloak;

import dev.hflogin.keycloak.mappers.HuggingFaceOrganizationGroupMapper;
import dev.hflogin.keycloak.mappers.HuggingFaceOrganizationMemberMapper;
import dev.hflogin.keycloak.mappers.HuggingFaceOrganizationRoleMapper;
import dev.hflogin.keycloak.mappers.HuggingFaceUserAttributeMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.provider.ProviderConfigProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The operator guides (the English README and the Chinese guide) name every config key of the
 * provider and every mapper type with its keys, taken from the code itself: a field added to the
 * code and left out of a guide fails here.
 */
class OperatorGuidesTest {

    private static final List<AbstractIdentityProviderMapper> MAPPERS = List.of(new HuggingFaceUserAttributeMapper(),
            new HuggingFaceOrganizationGroupMapper(), new HuggingFaceOrganizationRoleMapper(),
            new HuggingFaceOrganizationMemberMapper());

    private static List<String> namesInTheCode() {
        List<String> names = new ArrayList<>(List.of("clientId", "clientSecret", "defaultScope"));
        new HuggingFaceIdentityProviderFactory().getConfigProperties().forEach(p -> names.add(p.getName()));
        for (AbstractIdentityProviderMapper mapper : MAPPERS) {
            names.add(mapper.getId());
            mapper.getConfigProperties().stream().map(ProviderConfigProperty::getName).forEach(names::add);
        }
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"README.md", "docs/README.zh-CN.md"})
    void givenAGuide_thenEveryConfigKeyAndMapperTypeIsInIt(String guide) throws IOException {
        String text = Files.readString(Path.of(guide));
        List<String> missing = namesInTheCode().stream().filter(name -> !text.contains("`" + name + "`")).distinct().toList();
        assertEquals(List.of(), missing, guide + " does not name these config keys or mapper types");
    }
}
