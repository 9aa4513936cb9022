package io.aegisml.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Kafka reaches the activity log only through Spring Cloud Stream's binding, never the client API. */
@AnalyzeClasses(packages = "io.aegisml.audit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noDirectKafkaOrDebezium = noClasses()
            .that().doNotHaveSimpleName("AuditApplication")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.debezium..");
}
