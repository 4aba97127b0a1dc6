package dev.hflogin.keycloak.mappers;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted path into Hugging Face's claims, such as {@code picture}, {@code isPro},
 * {@code orgs[0].name} or {@code orgs.preferred_username}. A step through an array without an index
 * visits every element, so the last example yields the handles of all the user's organizations.
 */
public final class ClaimPath {

    private static final Pattern STEP = Pattern.compile("([^\\[\\]]+)(?:\\[(\\d+)])?");

    private final List<Step> steps;

    private record Step(String field, Integer index) {
    }

    private ClaimPath(List<Step> steps) {
        this.steps = steps;
    }

    /** @throws IllegalArgumentException for an empty path or a malformed step */
    public static ClaimPath parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("empty claim path");
        }
        List<Step> steps = new ArrayList<>();
        for (String part : path.trim().split("\\.", -1)) {
            Matcher m = STEP.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("malformed claim path: " + path);
            }
            steps.add(new Step(m.group(1), m.group(2) == null ? null : Integer.valueOf(m.group(2))));
        }
        return new ClaimPath(List.copyOf(steps));
    }

    /** The scalar values at this path, as text, in claim order; empty when there are none. */
    public List<String> values(JsonNode claims) {
        List<JsonNode> current = new ArrayList<>();
        if (claims != null) {
            current.add(claims);
        }
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                for (JsonNode owner : node.isArray() ? iterate(node) : List.of(node)) {
                    JsonNode child = owner.isObject() ? owner.get(step.field()) : null;
                    if (child != null && step.index() != null) {
                        child = child.isArray() ? child.get(step.index()) : null;
                    }
                    if (child != null && !child.isNull()) {
                        next.add(child);
                    }
                }
            }
            current = next;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode node : current) {
            for (JsonNode leaf : node.isArray() ? iterate(node) : List.of(node)) {
                if (leaf.isValueNode() && !leaf.isNull() && !leaf.asText().isBlank()) {
                    values.add(leaf.asText().trim());
                }
            }
        }
        return values;
    }

    private static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> elements = new ArrayList<>();
        array.forEach(elements::add);
        return elements;
    }
}
