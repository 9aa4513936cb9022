package io.aegisml.identity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain talks to a port; only the events adapter knows the outbox, Kafka or Debezium. */
@AnalyzeClasses(packages = "io.aegisml.identity", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainDoesNotKnowMessaging = noClasses()
            .that().resideOutsideOfPackage("io.aegisml.identity.events..")
            .and().doNotHaveSimpleName("IdentityApplication")
            .should().dependOnClassesThat().resideInAnyPackage("io.aegisml.outbox..", "org.apache.kafka..",
                    "io.debezium..");

    /** Keycloak is an adapter behind the ServicePrincipalDirectory port. */
    @ArchTest
    static final ArchRule onlyTheAdapterKnowsKeycloak = noClasses()
            .that().resideOutsideOfPackage("io.aegisml.identity.keycloak..")
            .should().dependOnClassesThat().resideInAnyPackage("org.keycloak..");
}
