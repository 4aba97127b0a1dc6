package dev.hflogin.keycloak.profile;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper this extension uses; thread-safe once configured. */
final class ProfileJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ProfileJson() {
    }
}
