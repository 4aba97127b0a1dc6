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
 * pool's field and method references; a member of Keycloak's that the provider reaches through one
 * of its own classes, such as an inherited {@code session} field or {@code exchangeNotLinked}, is
 * listed under the Keycloak class that declares it), and the Keycloak methods it overrides (marked
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
        Set<String[]> throughOwnClasses = new HashSet<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                String className = constantPoolReferences(new DataInputStream(in), lines, throughOwnClasses);
                overrides(className, loader, lines);
            }
        }
        for (String[] member : throughOwnClasses) {
            inheritedFromKeycloak(member, loader, lines);
        }
        return lines;
    }

    /**
     * Adds the Keycloak references of one class file's constant pool, and collects the members it
     * names through a class of its own (owner, name, descriptor); returns the class's name.
     */
    private static String constantPoolReferences(DataInputStream in, Set<String> lines, Set<String[]> throughOwnClasses)
            throws IOException {
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
                int nameAndType = second[i];
                String member = utf8[first[nameAndType]] + " " + utf8[second[nameAndType]];
                if (owner.startsWith(KEYCLOAK)) {
                    lines.add(owner + "#" + member);
                } else if (!owner.startsWith("java/") && !owner.startsWith("[")) {
                    throughOwnClasses.add(new String[] {owner, utf8[first[nameAndType]], utf8[second[nameAndType]]});
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

    /** Adds {@code member} under the Keycloak class that declares it, when that is where the lookup ends. */
    private static void inheritedFromKeycloak(String[] member, ClassLoader loader, Set<String> lines) throws IOException {
        Class<?> owner;
        try {
            owner = Class.forName(member[0].replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return; // a library's class (Jackson, JAX-RS): not Keycloak's API
        }
        // As the JVM resolves it: the class and its superclasses first, then the interfaces.
        Deque<Class<?>> interfaces = new ArrayDeque<>();
        for (Class<?> type = owner; type != null; type = type.getSuperclass()) {
            if (declares(type, member[1], member[2])) {
                addIfKeycloak(type, member, lines);
                return;
            }
            interfaces.addAll(List.of(type.getInterfaces()));
        }
        while (!interfaces.isEmpty()) {
            Class<?> type = interfaces.removeFirst();
            if (declares(type, member[1], member[2])) {
                addIfKeycloak(type, member, lines);
                return;
            }
            interfaces.addAll(List.of(type.getInterfaces()));
        }
    }

    private static void addIfKeycloak(Class<?> declaring, String[] member, Set<String> lines) {
        if (declaring.getName().startsWith("org.keycloak.")) {
            lines.add(declaring.getName().replace('.', '/') + "#" + member[1] + " " + member[2]);
        }
    }

    private static boolean declares(Class<?> type, String name, String descriptor) {
        if (descriptor.startsWith("(")) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(name) && descriptor(method).equals(descriptor)) {
                    return true;
                }
            }
            if (name.equals("<init>")) {
                return true; // a constructor of the class itself
            }
            return false;
        }
        for (java.lang.reflect.Field field : type.getDeclaredFields()) {
            if (field.getName().equals(name)) {
                return true;
            }
        }
        return false;
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
