package lmm.analysis.plot;

/**
 * A small SVG 1.1 writer: elements as text, every attribute value and text node XML-escaped
 * (level labels and column names come from user data), coordinates rounded to 0.01 px so large
 * plots stay small. Self-contained: no scripts, no external references, a white background so the
 * plot reads the same in light and dark editor themes.
 */
final class Svg {
    static final String FONT = "sans-serif";
    static final String INK = "#222222";
    static final String GRID = "#e4e4e4";
    static final String MUTED = "#666666";
    static final String POINT = "#1f5fa8";
    static final String LINE = "#c0392b";

    private final StringBuilder sb = new StringBuilder(4096);
    private final double width;
    private final double height;

    Svg(double width, double height, String title) {
        this.width = width;
        this.height = height;
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(width))
                .append("\" height=\"").append(num(height)).append("\" viewBox=\"0 0 ").append(num(width)).append(' ')
                .append(num(height)).append("\" font-family=\"").append(FONT).append("\" font-size=\"12\" role=\"img\" aria-label=\"")
                .append(escape(title)).append("\">\n");
        // no <title> elements: ImageMagick's SVG renderer draws nothing of an element with a <title> child;
        // the name is in aria-label, the visible heading is drawn as text
        sb.append("<rect x=\"0\" y=\"0\" width=\"").append(num(width)).append("\" height=\"").append(num(height))
                .append("\" fill=\"#ffffff\"/>\n");
    }

    double width() { return width; }

    double height() { return height; }

    /** Escapes text for XML content and attribute values: &amp; &lt; &gt; &quot; &apos;, and drops characters XML 1.0 forbids. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out.append('\uFFFD');
                    else if (c == 0xFFFE || c == 0xFFFF) out.append('\uFFFD');
                    else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) out.append('\uFFFD');
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** A coordinate rounded to 0.01: "12.5", "-3", "0.07". */
    static String num(double v) {
        if (!Double.isFinite(v)) return "0";
        long r = Math.round(v * 100);
        if (r == 0) return "0";
        StringBuilder s = new StringBuilder(12);
        if (r < 0) { s.append('-'); r = -r; }
        s.append(r / 100);
        long frac = r % 100;
        if (frac != 0) {
            s.append('.');
            if (frac < 10) s.append('0').append(frac);
            else if (frac % 10 == 0) s.append(frac / 10);
            else s.append(frac);
        }
        return s.toString();
    }

    Svg raw(String s) {
        sb.append(s);
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth, String extra) {
        sb.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
                .append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                .append(num(strokeWidth)).append('"');
        if (extra != null) sb.append(' ').append(extra);
        sb.append("/>\n");
        return this;
    }

    Svg rect(double x, double y, double w, double h, String fill, String extra) {
        sb.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append("\" fill=\"").append(fill).append('"');
        if (extra != null) sb.append(' ').append(extra);
        sb.append("/>\n");
        return this;
    }

    /** A point; {@code label} (may be null) names it in a data-label attribute (a &lt;title&gt; child would break ImageMagick). */
    Svg circle(double cx, double cy, double r, String label) {
        sb.append("<circle cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy)).append("\" r=\"").append(num(r)).append('"');
        if (label != null) sb.append(" data-label=\"").append(escape(label)).append('"');
        sb.append("/>\n");
        return this;
    }

    /** Text; {@code anchor} is start, middle or end. */
    Svg text(double x, double y, String text, String anchor, String extra) {
        sb.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append('"');
        if (anchor != null && !anchor.equals("start")) sb.append(" text-anchor=\"").append(anchor).append('"');
        if (extra != null) sb.append(' ').append(extra);
        sb.append('>').append(escape(text)).append("</text>\n");
        return this;
    }

    /** Text turned 90° anticlockwise about (x, y), for a vertical axis title. */
    Svg verticalText(double x, double y, String text) {
        return text(x, y, text, "middle", "transform=\"rotate(-90 " + num(x) + ' ' + num(y) + ")\" fill=\"" + INK + '"');
    }

    Svg open(String element, String attributes) {
        sb.append('<').append(element);
        if (attributes != null && !attributes.isEmpty()) sb.append(' ').append(attributes);
        sb.append(">\n");
        return this;
    }

    Svg close(String element) {
        sb.append("</").append(element).append(">\n");
        return this;
    }

    String finish() {
        sb.append("</svg>\n");
        return sb.toString();
    }
}
