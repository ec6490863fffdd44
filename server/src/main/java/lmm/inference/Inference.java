package lmm.inference;

import java.util.List;

/**
 * What inference adds to one fit (all in fixef order):
 *
 * @param df                Satterthwaite's df per coefficient (OLS: the residual df)
 * @param p                 two-sided p of each t value on that df
 * @param kenwardRoger      Kenward–Roger SE, df and p (REML fits only; null otherwise or when not computed)
 * @param anova             type III F tests per term, Satterthwaite (OLS: R's sequential anova(lm))
 * @param anovaKenwardRoger the type III table with Kenward–Roger df (null when kenwardRoger is)
 * @param level             the confidence level of the intervals
 * @param wald              Wald intervals of β
 * @param profile           profile intervals of every parameter (null when not computed)
 * @param notes             plain-words notes: what was not computed and why, warnings lmerTest would give
 */
public record Inference(double[] df, double[] p, KenwardRogerColumns kenwardRoger, List<TermTest> anova,
                        List<TermTest> anovaKenwardRoger, double level, List<Interval> wald, List<Interval> profile,
                        List<String> notes) {

    /** Kenward–Roger's columns of the coefficient table. */
    public record KenwardRogerColumns(double[] stdError, double[] df, double[] p) {}
}
