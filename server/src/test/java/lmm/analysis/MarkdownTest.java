package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Escaping only where CommonMark/GFM would read markup: expected outputs written by hand from the CommonMark rules. */
class MarkdownTest {
    @Test
    void numbersAndNamesGoOutAsTyped() {
        for (String s : new String[] {"0.1433747", "-3.466743e-05", "1e+06", "-0.016208", "pr_dung", "oven_block", "(Intercept)",
                "pr_dung ~ flies + (1 | oven_block)", "a.b", "x:y", "18 × 3", "1.", "file-name.csv"}) {
            assertEquals(s.equals("1.") ? "1\\." : s, Markdown.escape(s), s);
        }
    }

    @Test
    void markupIsEscapedWhereItWouldRender() {
        assertEquals("\\*x\\*", Markdown.escape("*x*"));
        assertEquals("\\_x\\_", Markdown.escape("_x_"));          // not inside a word: emphasis
        assertEquals("a_b_c", Markdown.escape("a_b_c"));           // inside a word: no emphasis in CommonMark
        assertEquals("\\[x\\](command:rm)", Markdown.escape("[x](command:rm)"));
        assertEquals("&lt;b>g&lt;/b>", Markdown.escape("<b>g</b>"));
        assertEquals("a &amp;amp; b & c", Markdown.escape("a &amp; b & c"));
        assertEquals("\\`code\\`", Markdown.escape("`code`"));
        assertEquals("a\\~\\~b\\~\\~ ~c", Markdown.escape("a~~b~~ ~c"));
        assertEquals("\\# title", Markdown.escape("# title"));
        assertEquals("\\- item", Markdown.escape("- item"));
        assertEquals("\\> quote", Markdown.escape("> quote"));
        assertEquals("\\---", Markdown.escape("---"));
        assertEquals("a\\\\*", Markdown.escape("a\\").concat("*"));
        assertEquals("C:\\dir", Markdown.escape("C:\\dir"));        // a backslash before a letter is literal
        assertEquals("a b", Markdown.escape("a\nb"));
    }

    @Test
    void cellsEscapeTheBar() {
        assertEquals("(1 \\| g)", Markdown.cell("(1 | g)"));
        assertEquals("-0.5", Markdown.cell("-0.5"));
    }

    @Test
    void codeBlocksAndSpansHoldTextVerbatim() {
        assertEquals("````text\na ``` b\n````\n", Markdown.codeBlock("a ``` b"));
        assertEquals("`x_y*`", Markdown.code("x_y*"));
        assertEquals("``a`b``", Markdown.code("a`b"));
    }
}
