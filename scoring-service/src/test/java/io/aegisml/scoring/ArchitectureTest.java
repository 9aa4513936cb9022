package io.aegisml.scoring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Nothing reaches a model without the authentication step: the listeners (the data plane's Netty handler, the
 * MVC controller) know only {@code ScoringService}, which authenticates before it reads a body or touches a
 * model; neither may use the runtime (models, sessions) or ONNX Runtime directly, and the runtime knows no
 * transport.
 */
@AnalyzeClasses(packages = "io.aegisml.scoring", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule listenersGoThroughTheScoringService = noClasses()
            .that().resideInAPackage("io.aegisml.scoring.dataplane..")
            .or().haveSimpleName("ScoringController")
            .should().dependOnClassesThat().resideInAnyPackage("io.aegisml.scoring.runtime..", "ai.onnxruntime..",
                    "io.aegisml.scoring.catalog..");

    @ArchTest
    static final ArchRule theRuntimeKnowsNoTransport = noClasses()
            .that().resideInAPackage("io.aegisml.scoring.runtime..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "jakarta.servlet..",
                    "org.springframework.web..");

    @ArchTest
    static final ArchRule onlyTheScoringServiceAuthenticates = noClasses()
            .that().resideInAPackage("io.aegisml.scoring.dataplane..")
            .should().dependOnClassesThat().haveSimpleName("EndpointAuth");
}
