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
 * A step {@code [field=value]} keeps the elements whose field has that value (compared without case;
 * for a list-valued field, one of its values): {@code orgs[plan=enterprise].preferred_username},
 * {@code orgs[sub=<org ID>].securityRestrictions}, {@code orgs[securityRestrictions=sso].preferred_username}.
 */
public final class ClaimPath {

    private static final Pattern STEP = Pattern.compile("([^\\[\\]=]+)(?:\\[(?:(\\d+)|([^\\[\\]=]+)=([^\\[\\]]+))])?");

    private final List<Step> steps;

    /** {@code index} or {@code whereField}/{@code whereValue} or neither. */
    private record Step(String field, Integer index, String whereField, String whereValue) {
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
        for (String part : parts(path.trim())) {
            Matcher m = STEP.matcher(part.trim());
            if (!m.matches() || m.group(1).isBlank() || (m.group(4) != null && m.group(4).isBlank())) {
                throw new IllegalArgumentException("malformed claim path: " + path);
            }
            steps.add(new Step(m.group(1).trim(), m.group(2) == null ? null : Integer.valueOf(m.group(2)),
                    m.group(3) == null ? null : m.group(3).trim(), m.group(4) == null ? null : m.group(4).trim()));
        }
        return new ClaimPath(List.copyOf(steps));
    }

    /** The path split at dots outside brackets: a value in {@code [field=value]} may hold dots (org handles do). */
    private static List<String> parts(String path) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (c == '.' && depth == 0) {
                parts.add(path.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(path.substring(start));
        return parts;
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
                    if (child != null && step.whereField() != null) {
                        for (JsonNode element : child.isArray() ? iterate(child) : List.of(child)) {
                            if (matches(element, step)) {
                                next.add(element);
                            }
                        }
                    } else if (child != null && !child.isNull()) {
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

    /** Whether an element's {@code whereField} (or one of its values, for a list) equals {@code whereValue}, ignoring case. */
    private static boolean matches(JsonNode element, Step step) {
        JsonNode field = element.isObject() ? element.get(step.whereField()) : null;
        if (field == null) {
            return false;
        }
        for (JsonNode value : field.isArray() ? iterate(field) : List.of(field)) {
            if (value.isValueNode() && !value.isNull() && value.asText().trim().equalsIgnoreCase(step.whereValue())) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> elements = new ArrayList<>();
        array.forEach(elements::add);
        return elements;
    }
}
