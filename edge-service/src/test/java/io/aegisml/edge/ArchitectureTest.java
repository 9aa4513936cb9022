package io.aegisml.edge;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The features (routing, tokens, limits) know nothing of each other; they share only the request
 * id and the way errors are written, and those two depend on no feature.
 */
@AnalyzeClasses(packages = "io.aegisml.edge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FEATURES = {"..edge.routing..", "..edge.tokens..", "..edge.limits.."};

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.aegisml.edge.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule featuresAreIndependent = slices().matching("io.aegisml.edge.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(alwaysTrue(), resideInAnyPackage("..edge.errors..", "..edge.requestid.."));

    @ArchTest
    static final ArchRule sharedPartsDependOnNoFeature = noClasses()
            .that().resideInAnyPackage("..edge.errors..", "..edge.requestid..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES);

    @ArchTest
    static final ArchRule requestIdsComeFirst = noClasses()
            .that().resideInAPackage("..edge.requestid..")
            .should().dependOnClassesThat().resideInAPackage("..edge.errors..");
}
