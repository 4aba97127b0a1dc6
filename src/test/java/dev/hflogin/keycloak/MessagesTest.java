package dev.hflogin.keycloak;

import dev.hflogin.keycloak.mappers.HuggingFaceOrganizationGroupMapper;
import dev.hflogin.keycloak.mappers.HuggingFaceOrganizationMemberMapper;
import dev.hflogin.keycloak.mappers.HuggingFaceOrganizationRoleMapper;
import dev.hflogin.keycloak.mappers.HuggingFaceUserAttributeMapper;
import dev.hflogin.keycloak.refusals.FailedCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every text the provider and its mappers show, on a login page or in the admin console, exists in every language shipped. */
class MessagesTest {

    private static Properties bundle(String suffix) throws IOException {
        String path = "/theme-resources/messages/messages_" + suffix + ".properties";
        try (InputStream in = MessagesTest.class.getResourceAsStream(path)) {
            assertNotNull(in, path);
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        }
    }

    private static List<String> keysInUse() {
        List<String> keys = new ArrayList<>();
        for (FailedCheck check : FailedCheck.values()) {
            keys.add(check.messageKey());
        }
        List<ProviderConfigProperty> fields = new ArrayList<>(new HuggingFaceIdentityProviderFactory().getConfigProperties());
        fields.addAll(new HuggingFaceUserAttributeMapper().getConfigProperties());
        fields.addAll(new HuggingFaceOrganizationGroupMapper().getConfigProperties());
        fields.addAll(new HuggingFaceOrganizationRoleMapper().getConfigProperties());
        fields.addAll(new HuggingFaceOrganizationMemberMapper().getConfigProperties());
        for (ProviderConfigProperty property : fields) {
            keys.add(property.getLabel());
            keys.add(property.getHelpText());
        }
        return keys;
    }

    @ParameterizedTest(name = "messages_{0}")
    @ValueSource(strings = {"en", "zh_Hans", "zh_CN", "zh__#Hans", "fr", "de", "es", "ja"})
    void givenLanguage_thenEveryKeyInUseHasAText(String suffix) throws IOException {
        Properties messages = bundle(suffix);
        for (String key : keysInUse()) {
            String text = messages.getProperty(key);
            assertTrue(text != null && !text.isBlank() && !text.equals(key), suffix + " lacks " + key + ": " + text);
        }
    }

    /**
     * Texts that may read the same as the English one in a language, each with the reason (a product name,
     * a word the language borrows): "language key" → why. Empty today.
     */
    private static final Map<String, String> SAME_AS_ENGLISH_ON_PURPOSE = Map.of();

    @ParameterizedTest(name = "messages_{0}")
    @ValueSource(strings = {"zh_Hans", "zh_CN", "zh__#Hans", "fr", "de", "es", "ja"})
    void givenLanguage_thenNoTextIsLeftInEnglish(String suffix) throws IOException {
        Properties english = bundle("en");
        Properties messages = bundle(suffix);
        List<String> untranslated = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(english.stringPropertyNames())) {
            if (messages.getProperty(key, "").equals(english.getProperty(key))
                    && !SAME_AS_ENGLISH_ON_PURPOSE.containsKey(suffix + " " + key)) {
                untranslated.add(key);
            }
        }
        assertEquals(List.of(), untranslated, suffix + ": texts still in English (or list them, with the reason, "
                + "in SAME_AS_ENGLISH_ON_PURPOSE)");
    }

    @Test
    void givenEnglishScopeHelp_thenItNamesHuggingFaceScopesAndTheAppRequirement() throws IOException {
        String help = bundle("en").getProperty("hfAdditionalScopesHelp");
        for (String scope : List.of("read-memberships", "read-repos", "inference-api")) {
            assertTrue(help.contains(scope), scope);
        }
        assertTrue(help.contains("enabled on your Hugging Face OAuth app"));
    }

    @Test
    void givenAdminConsoleTexts_thenNoneNeedsMessageFormatEscaping() throws IOException {
        for (String suffix : List.of("en", "zh_Hans", "fr", "de", "es", "ja")) {
            Properties messages = bundle(suffix);
            messages.stringPropertyNames().stream().filter(key -> key.startsWith("hf"))
                    .forEach(key -> assertFalse(messages.getProperty(key).contains("'"),
                            "the admin console shows texts as written: " + suffix + " " + key));
        }
    }

    @ParameterizedTest(name = "messages_{0}")
    @ValueSource(strings = {"en", "zh_Hans", "zh_CN", "zh__#Hans", "fr", "de", "es", "ja"})
    void givenLanguage_thenEveryRefusalPageNamesHuggingFaceAndKeepsItsApostrophes(String suffix) throws IOException {
        Properties messages = bundle(suffix);
        for (FailedCheck check : FailedCheck.values()) {
            String text = messages.getProperty(check.messageKey());
            assertTrue(text.contains("Hugging Face"), suffix + " " + check.messageKey() + " names Hugging Face: " + text);
            // Login pages go through MessageFormat: a single apostrophe would swallow the rest of the text.
            assertFalse(text.replace("''", "").contains("'"), suffix + " " + check.messageKey() + ": " + text);
        }
    }
}
