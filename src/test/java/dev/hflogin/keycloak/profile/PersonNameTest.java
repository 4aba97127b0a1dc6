package dev.hflogin.keycloak.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PersonNameTest {

    @ParameterizedTest(name = "''{0}'' -> first ''{1}'', last ''{2}''")
    @CsvSource(nullValues = "NULL", delimiter = '|', value = {
            "Ada Lovelace|Ada|Lovelace",
            "Ada|Ada|NULL",
            "  Ada   Lovelace  |Ada|Lovelace",
            "Jean Claude Van Damme|Jean|Claude Van Damme",
            "山田太郎|山田太郎|NULL",
            "山田 太郎|太郎|山田",
            "李 小龙|小龙|李",
            "김 민준|민준|김",
            "Zhang San|Zhang|San",
            "''|NULL|NULL",
            "'   '|NULL|NULL",
            "NULL|NULL|NULL",
            "Renée O'Hara|Renée|O'Hara"})
    void givenFullName_thenItIsSplitByTheDocumentedRule(String fullName, String first, String last) {
        PersonName name = PersonName.split(fullName);
        assertEquals(first, name.firstName());
        assertEquals(last, name.lastName());
    }

    @Test
    void givenVeryLongName_thenEachPartIsCutToKeycloaksLimitOnACodePointBoundary() {
        String longWord = "😀".repeat(300);
        PersonName name = PersonName.split(longWord + " " + "x".repeat(400));
        assertEquals(255, name.firstName().codePointCount(0, name.firstName().length()));
        assertEquals("😀".repeat(255), name.firstName());
        assertEquals(255, name.lastName().length());
    }
}
