package io.aegisml.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The activity log is the domain: it knows neither Kafka, Spring Cloud Stream nor the outbox, which
 * only the events adapters touch; and nothing uses Kafka's client API directly.
 */
@AnalyzeClasses(packages = "io.aegisml.audit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainDoesNotKnowMessaging = noClasses()
            .that().resideInAPackage("io.aegisml.audit.activity..")
            .should().dependOnClassesThat().resideInAnyPackage("io.aegisml.outbox..", "org.springframework.cloud..",
                    "org.springframework.messaging..", "org.apache.kafka..");

    @ArchTest
    static final ArchRule noDirectKafkaOrDebezium = noClasses()
            .that().doNotHaveSimpleName("AuditApplication")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.debezium..");
}
