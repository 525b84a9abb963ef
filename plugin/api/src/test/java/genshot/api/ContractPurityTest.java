package genshot.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contracts stay free of hosts, ONNX Runtime, Humble-Video, JavaFX, Jackson and OSGi implementation types. */
class ContractPurityTest {

    @Test
    void timelineAndApiDependOnlyOnTheJdkAndEachOther() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("genshot.api", "genshot.timeline");
        classes().that().resideInAnyPackage("genshot.api..", "genshot.timeline..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "genshot.api..", "genshot.timeline..",
                        "org.osgi.annotation..")
                .check(classes);
        classes().that().resideInAnyPackage("genshot.timeline..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "genshot.timeline..",
                        "org.osgi.annotation..")
                .check(classes);
    }
}
