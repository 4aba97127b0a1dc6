package dev.hflogin.keycloak.it.standin;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET /avatars/{handle}.svg: a round avatar with the handle's initial, in a colour of its own. The
 * stand-in's demo users point their {@code picture} claim here, so the demo shows an avatar without
 * reaching huggingface.co's image CDN.
 */
final class AvatarHandler extends StandInHandler {

    static final String PREFIX = "/avatars/";
    private static final Pattern AVATAR = Pattern.compile(Pattern.quote(PREFIX) + "([A-Za-z0-9][A-Za-z0-9._-]{0,95})\\.svg");

    AvatarHandler(RequestLog log) {
        super(log, PREFIX, Set.of("GET"));
    }

    @Override
    boolean handles(String requestPath) {
        return AVATAR.matcher(requestPath).matches();
    }

    @Override
    void handle(StandInExchange exchange) throws IOException {
        Matcher matcher = AVATAR.matcher(exchange.path());
        if (!matcher.matches()) {
            throw new IllegalStateException("handles() let through " + exchange.path());
        }
        exchange.respond(200, "image/svg+xml", svg(matcher.group(1)), Map.of());
    }

    /** The handle only picks the letter and the hue: nothing from the request is written into the SVG as is. */
    static String svg(String handle) {
        char initial = Character.toUpperCase(handle.charAt(0));
        int hue = Math.floorMod(handle.hashCode(), 360);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"128\" height=\"128\" viewBox=\"0 0 128 128\">"
                + "<circle cx=\"64\" cy=\"64\" r=\"64\" fill=\"hsl(" + hue + ",70%,45%)\"/>"
                + "<text x=\"64\" y=\"86\" font-family=\"sans-serif\" font-size=\"64\" font-weight=\"bold\""
                + " text-anchor=\"middle\" fill=\"#fff\">" + initial + "</text></svg>";
    }
}
