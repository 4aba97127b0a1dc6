package dev.hflogin.keycloak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HuggingFaceEndpointsTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void givenNoBaseUrl_thenHuggingFaceCoIsUsed(String baseUrl) {
        HuggingFaceEndpoints endpoints = HuggingFaceEndpoints.of(baseUrl);
        assertEquals("https://huggingface.co", endpoints.issuer());
        assertEquals("https://huggingface.co/oauth/authorize", endpoints.authorization());
        assertEquals("https://huggingface.co/oauth/token", endpoints.token());
        assertEquals("https://huggingface.co/oauth/userinfo", endpoints.userInfo());
        assertEquals("https://huggingface.co/oauth/jwks", endpoints.jwks());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8085", "http://127.0.0.1:8085/", "http://127.0.0.1:8085//", " http://127.0.0.1:8085 "})
    void givenBaseUrlWithOrWithoutTrailingSlash_thenEndpointsAreDerivedFromIt(String baseUrl) {
        HuggingFaceEndpoints endpoints = HuggingFaceEndpoints.of(baseUrl);
        assertEquals("http://127.0.0.1:8085", endpoints.issuer());
        assertEquals("http://127.0.0.1:8085/oauth/authorize", endpoints.authorization());
        assertEquals("http://127.0.0.1:8085/oauth/jwks", endpoints.jwks());
    }

    @Test
    void givenBaseUrlWithPath_thenPathIsKept() {
        assertEquals("https://proxy.example/hf/oauth/token", HuggingFaceEndpoints.of("https://proxy.example/hf/").token());
    }

    @ParameterizedTest
    @ValueSource(strings = {"huggingface.co", "ftp://huggingface.co", "https://huggingface.co?x=1", "https://huggingface.co#f", "http://", "not a url"})
    void givenUnusableBaseUrl_thenItIsRefused(String baseUrl) {
        assertThrows(IllegalArgumentException.class, () -> HuggingFaceEndpoints.of(baseUrl));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://huggingface.co", "http://hf-proxy.internal:8080", "http://10.0.0.5", "http://172.17.0.1:8085",
            "http://127.0.0.1.example.com", "http://localhost.example.com", "http://[::2]:8085"})
    void givenPlainHttpToAHostOtherThanLoopback_thenItIsRefusedBecauseTheSecretWouldTravelInClear(String baseUrl) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> HuggingFaceEndpoints.of(baseUrl));
        assertEquals(true, refused.getMessage().contains("must use https"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8085", "http://LOCALHOST", "http://127.0.0.1:1", "http://127.10.20.30", "http://[::1]:8085"})
    void givenPlainHttpToLoopback_thenItIsAccepted(String baseUrl) {
        assertEquals(baseUrl, HuggingFaceEndpoints.of(baseUrl).issuer());
    }
}
