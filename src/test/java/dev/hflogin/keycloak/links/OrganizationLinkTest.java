package dev.hflogin.keycloak.links;

import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import dev.hflogin.keycloak.orgs.OrganizationAllowList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one rule by which a Keycloak organization or group stands for a Hugging Face organization. */
class OrganizationLinkTest {

    private static final String ACME_ID = "64a0b1c2d3e4f5a6b7c8d9e0";
    private static final String OTHER_ID = "65b1c2d3e4f5a6b7c8d9e0f1";
    private static final HuggingFaceOrganization ACME = new HuggingFaceOrganization(ACME_ID, "acme", Optional.empty());

    private static OrganizationLink withAllowList(String entries) {
        return new OrganizationLink(OrganizationAllowList.of(entries == null ? null : Arrays.asList(entries.split(";"))));
    }

    private static Map<String, List<String>> linked(String id) {
        return id == null ? Map.of() : Map.of(OrganizationLink.ORG_ID, List.of(id));
    }

    @ParameterizedTest(name = "linked to {0} -> stands for acme: {1}")
    @CsvSource(nullValues = "NULL", value = {
            "64a0b1c2d3e4f5a6b7c8d9e0,true",
            "64A0B1C2D3E4F5A6B7C8D9E0,true",
            "65b1c2d3e4f5a6b7c8d9e0f1,false",
            "NULL,false"})
    void givenALink_thenOnlyTheLinkedIdStandsForTheOrg(String linkedTo, boolean standsFor) {
        assertEquals(standsFor, OrganizationLink.standsFor(linked(linkedTo), ACME));
    }

    @ParameterizedTest(name = "allow-list {0}, object named {1} linked to {2} -> adopted: {3}")
    @CsvSource(nullValues = "NULL", value = {
            // no allow-list: a name alone never adopts
            "NULL,acme,NULL,false",
            // the admin listed the handle: the object of that name (any case) may be adopted
            "acme,acme,NULL,true",
            "ACME,Acme,NULL,true",
            // listed by ID only: the admin did not name the handle
            "64a0b1c2d3e4f5a6b7c8d9e0,acme,NULL,false",
            // another name, or an object linked elsewhere (or already linked): never
            "acme,acme-tenant,NULL,false",
            "acme,acme,65b1c2d3e4f5a6b7c8d9e0f1,false",
            "acme,acme,64a0b1c2d3e4f5a6b7c8d9e0,false"})
    void givenAnUnlinkedObjectNamedLikeTheHandle_thenItIsAdoptedOnlyWhenTheAllowListNamesTheHandle(
            String allowList, String name, String linkedTo, boolean adopted) {
        assertEquals(adopted, withAllowList(allowList).mayAdopt(linked(linkedTo), name, ACME));
    }

    @ParameterizedTest(name = "allow-list {0}, org id {1} -> may map: {2}")
    @CsvSource(nullValues = "NULL", value = {
            "NULL,64a0b1c2d3e4f5a6b7c8d9e0,true",
            "NULL,NULL,false",
            "other;65b1c2d3e4f5a6b7c8d9e0f1,64a0b1c2d3e4f5a6b7c8d9e0,false",
            "acme,64a0b1c2d3e4f5a6b7c8d9e0,true"})
    void givenAnAllowList_thenNothingIsMappedForAnOrgOutsideItOrWithoutAnId(String allowList, String id, boolean mayMap) {
        assertEquals(mayMap, withAllowList(allowList).mayMap(new HuggingFaceOrganization(id, "acme", Optional.empty())));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {"' 64a0b1c2d3e4f5a6b7c8d9e0 ',64a0b1c2d3e4f5a6b7c8d9e0", "'',NULL"})
    void givenALinkValue_thenItIsReadTrimmedAndBlankIsNoLink(String value, String expected) {
        assertEquals(expected, OrganizationLink.linkedId(Map.of(OrganizationLink.ORG_ID, List.of(value))));
        assertEquals(OTHER_ID, OrganizationLink.withLink(Map.of(), OTHER_ID).get(OrganizationLink.ORG_ID).get(0));
    }
}
