package dev.hflogin.keycloak.api;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything of Keycloak's that the compiled provider names, read from its class files: the
 * Keycloak types (any {@code Lorg/keycloak/...;} in a descriptor or signature, and class
 * constants), the fields and methods it calls ({@code owner#name descriptor}, from the constant
 * pool's field and method references), and the Keycloak methods it overrides (marked
 * {@code (overridden)}: a changed signature there fails no link, the override just stops being
 * called). Reflective look-ups by name (the version switches) are not in the constant pool as
 * references; their tests name them.
 */
public final class KeycloakApiReferences {

    private static final String KEYCLOAK = "org/keycloak/";
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L(org/keycloak/[^;<]+)[;<]");

    private KeycloakApiReferences() {
    }

    /** The sorted reference lines of every class file under {@code classes}. */
    public static TreeSet<String> of(Path classes, ClassLoader loader) throws IOException {
        TreeSet<String> lines = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                String className = constantPoolReferences(new DataInputStream(in), lines);
                overrides(className, loader, lines);
            }
        }
        return lines;
    }

    /** Adds the Keycloak references of one class file's constant pool; returns the class's name. */
    private static String constantPoolReferences(DataInputStream in, Set<String> lines) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        int[] tag = new int[count];
        String[] utf8 = new String[count];
        int[] first = new int[count];
        int[] second = new int[count];
        for (int i = 1; i < count; i++) {
            tag[i] = in.readUnsignedByte();
            switch (tag[i]) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // eight-byte constants take two slots
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    first[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag[i]);
            }
        }
        for (int i = 1; i < count; i++) {
            if (tag[i] == 1) {
                Matcher type = TYPE_IN_DESCRIPTOR.matcher(utf8[i]);
                while (type.find()) {
                    lines.add(type.group(1));
                }
            } else if (tag[i] == 7 && utf8[first[i]].contains(KEYCLOAK)) {
                lines.add(utf8[first[i]].replaceAll("^\\[*L?|;$", ""));
            } else if (tag[i] == 9 || tag[i] == 10 || tag[i] == 11) {
                String owner = utf8[first[first[i]]];
                if (owner.startsWith(KEYCLOAK)) {
                    int nameAndType = second[i];
                    lines.add(owner + "#" + utf8[first[nameAndType]] + " " + utf8[second[nameAndType]]);
                }
            }
        }
        in.readUnsignedShort(); // access flags
        return utf8[first[in.readUnsignedShort()]].replace('/', '.');
    }

    /** Adds the Keycloak methods that the class's own methods override or implement. */
    private static void overrides(String className, ClassLoader loader, Set<String> lines) throws IOException {
        Class<?> own;
        try {
            own = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IOException("cannot load " + className, e);
        }
        for (Method method : own.getDeclaredMethods()) {
            if (method.isSynthetic() || Modifier.isStatic(method.getModifiers()) || Modifier.isPrivate(method.getModifiers())) {
                continue;
            }
            for (Class<?> type : keycloakSupertypes(own)) {
                try {
                    Method overridden = type.getDeclaredMethod(method.getName(), method.getParameterTypes());
                    if (!Modifier.isPrivate(overridden.getModifiers()) && !Modifier.isStatic(overridden.getModifiers())) {
                        lines.add(type.getName().replace('.', '/') + "#" + method.getName() + " "
                                + descriptor(overridden) + " (overridden)");
                    }
                } catch (NoSuchMethodException notThere) {
                    // not declared on this supertype
                }
            }
        }
    }

    private static Set<Class<?>> keycloakSupertypes(Class<?> own) {
        Set<Class<?>> found = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(own);
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (type.getSuperclass() != null) {
                todo.add(type.getSuperclass());
            }
            todo.addAll(List.of(type.getInterfaces()));
            if (type.getName().startsWith("org.keycloak.")) {
                found.add(type);
            }
        }
        return found;
    }

    static String descriptor(Method method) {
        StringBuilder d = new StringBuilder("(");
        for (Class<?> parameter : method.getParameterTypes()) {
            d.append(descriptor(parameter));
        }
        return d.append(')').append(descriptor(method.getReturnType())).toString();
    }

    private static String descriptor(Class<?> type) {
        if (type.isArray()) {
            return type.getName().replace('.', '/');
        }
        if (!type.isPrimitive()) {
            return "L" + type.getName().replace('.', '/') + ";";
        }
        return switch (type.getName()) {
            case "void" -> "V";
            case "boolean" -> "Z";
            case "byte" -> "B";
            case "char" -> "C";
            case "short" -> "S";
            case "int" -> "I";
            case "long" -> "J";
            case "float" -> "F";
            case "double" -> "D";
            default -> throw new IllegalArgumentException(type.getName());
        };
    }
}
