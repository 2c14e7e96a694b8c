import MIME
import Testing

@Suite("HTML to plain text")
struct HTMLTextTests {
    @Test(
        "markup is dropped and blocks become lines",
        arguments: [
            ("<p>Hello <b>world</b></p>", "Hello world"),
            ("<p>One</p><p>Two</p>", "One\n\nTwo"),
            ("<div>One</div><div>Two</div>", "One\nTwo"),
            ("One<br>Two<br/>Three<BR >Four", "One\nTwo\nThree\nFour"),
            ("a<br><br><br><br>b", "a\n\nb"),
            ("<h1>Title</h1>Text", "Title\n\nText"),
            ("<blockquote>quoted</blockquote>after", "quoted\n\nafter"),
            ("<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul>after", "- one\n- two\n- inner\n\nafter"),
            ("<ol><li>first<li>second</ol>", "- first\n- second"),
            ("<table><tr><td>Price</td><td>100</td></tr><tr><th>Tax</th><td>20</td></tr></table>", "Price 100\nTax 20"),
            ("  lots   of \r\n\t white   space  ", "lots of white space"),
            ("<pre>  code\n    indented  </pre>after", "  code\n    indented\n\nafter"),
            ("<span>in</span><span>line</span>", "inline"),
            ("<P CLASS=x>Upper</P><DIV>Case</DIV>", "Upper\n\nCase"),
        ]
    )
    func structure(html: String, expected: String) {
        #expect(HTMLText.plainText(fromHTML: html) == expected)
    }

    @Test(
        "scripts, styles, head, comments and declarations are dropped",
        arguments: [
            ("<head><title>T</title><style>p{color:red}</style></head><body>Body</body>", "Body"),
            ("a<script>if (x < 1) { document.write('<p>no</p>') }</script>b", "ab"),
            ("a<SCRIPT type=x>hidden</SCRIPT >b", "ab"),
            ("a<style>\n.x{}\n</style>b", "ab"),
            ("a<!-- hidden -->b<!---->c<!-->d<!--->e", "abcde"),
            ("a<!-- -- still hidden --!>b", "ab"),
            ("<!DOCTYPE html><?xml version=\"1.0\"?>text", "text"),
            ("a<![CDATA[x]]>b", "ab"),
            ("a<![CDATA[x>y]]>b", "ay]]>b"),  // HTML5: a bogus comment ends at the first >
            ("a<!--[if mso]><p>Outlook only</p><![endif]-->b", "ab"),
            ("<!--[if !mso]><!-->shown<!--<![endif]-->", "shown"),
            ("<![if !supportLists]>1.<![endif]>Item", "1.Item"),
        ]
    )
    func hiddenContent(html: String, expected: String) {
        #expect(HTMLText.plainText(fromHTML: html) == expected)
    }

    @Test(
        "broken HTML never loses the text around it",
        arguments: [
            ("a < b and c > d", "a < b and c > d"),
            ("x<5 and 1<2", "x<5 and 1<2"),
            ("<a href=\"x>y\">link</a> ok", "link ok"),
            ("<a href=x>link</a>", "link"),
            ("<p>unclosed paragraph<div>unclosed div", "unclosed paragraph\nunclosed div"),
            ("<b><i>misnested</b></i>", "misnested"),
            ("<head>stray head without end", "stray head without end"),
            ("text</>more</ 3>end", "textmoreend"),
            ("trailing <", "trailing <"),
            ("trailing </", "trailing </"),
            ("", ""),
        ]
    )
    func brokenHTML(html: String, expected: String) {
        #expect(HTMLText.plainText(fromHTML: html) == expected)
    }

    /// As in browsers: a tag or comment still open at the end of the input takes the rest with it.
    @Test("an unterminated tag, comment or script at the end swallows the rest, as in browsers", arguments: [
        "ok<a href='never closed>text", "ok<!-- never closed", "ok<script>never closed", "ok<div",
    ])
    func unterminatedAtEnd(html: String) {
        #expect(HTMLText.plainText(fromHTML: html) == "ok")
    }

    @Test(
        "entities in text are decoded; no-break spaces read as spaces; invisible padding is dropped",
        arguments: [
            ("caf&eacute; &amp; cr&egrave;me", "café & crème"),
            ("l&rsquo;offre &euro;&nbsp;100&hellip;", "l’offre € 100…"),
            ("Fran&ccedil;ois, S&atilde;o Paulo", "François, São Paulo"),
            ("&lt;b&gt;not a tag&lt;/b&gt;", "<b>not a tag</b>"),
            ("&#150; &#x2014; &#8364;", "– — €"),
            ("AT&T &unknown; &", "AT&T &unknown; &"),
            ("a&nbsp;&nbsp;&nbsp;b", "a b"),
            ("a\u{A0}\u{A0}b", "a b"),
            ("pre&zwnj;&nbsp;&zwnj;&nbsp;&#847;header", "pre header"),
            ("soft&shy;hyphen\u{AD}s", "softhyphens"),
            ("\u{FEFF}BOM", "BOM"),
            ("a&#32;&#32;b&NewLine;c", "a b c"),
        ]
    )
    func entities(html: String, expected: String) {
        #expect(HTMLText.plainText(fromHTML: html) == expected)
    }

    /// Expected values are Python 3.11's `html.unescape` of the input, escaped for Swift.
    @Test(
        "character references decode as Python's html.unescape does",
        arguments: [
            ("&amp; &lt; &gt; &quot; &apos;", "& < > \" '"),
            ("&nbsp;|&eacute;&ccedil;&atilde;&rsquo;&euro;&hellip;", "\u{A0}|éçã’€…"),
            ("&copy2024 &notit; &notin; &ampx", "©2024 ¬it; ∉ &x"),
            ("AT&T & Co; &bogus; &;", "AT&T & Co; &bogus; &;"),
            ("&#233;&#xE9;&#XE9;&#x1F600;", "ééé😀"),
            ("&#150;&#146;&#128;&#129;&#159;", "–’€\u{81}Ÿ"),
            ("&#0;&#x110000;&#xD800;&#99999999999;", "����"),
            ("&#1;x&#x7F;y&#xFFFE;z", "xyz"),
            ("&#65&#x42 &#;&#x;", "AB &#;&#x;"),
            ("&CounterClockwiseContourIntegral;&NotNestedGreaterGreater;&fjlig;", "∳⪢\u{338}fj"),
            ("&AMP;&Amp;&eacute&Eacute", "&&Amp;éÉ"),
            ("&lt&gt&amp", "<>&"),
            ("&frac12;&frac12 &frac1", "½½ &frac1"),
            ("&#x26;amp; stays &amp;amp;", "&amp; stays &amp;"),
            ("&ThisIsAVeryLongNameThatIsNotAnEntityAtAll;", "&ThisIsAVeryLongNameThatIsNotAnEntityAtAll;"),
        ]
    )
    func characterReferences(text: String, expected: String) {
        #expect(Array(HTMLText.decodeCharacterReferences(text).utf8) == Array(expected.utf8))
    }

    @Test("a Gmail message: div per line, div-br blank lines, a quoted reply")
    func gmail() {
        let html = #"""
            <div dir="ltr">Hello Awa,<div><br></div><div>Please find attached our offer for the call&nbsp;<b>ASTON-2022</b>.</div><div><br></div><div>Best regards,</div><div>Jean Dupont</div><div><br></div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 20 Jun 2022 at 10:15, Awa Diallo &lt;<a href="mailto:awa@example.org">awa@example.org</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">Dear applicants,<br><br>The deadline is 30&nbsp;June.<br></blockquote></div>
            """#
        #expect(HTMLText.plainText(fromHTML: html) == """
            Hello Awa,

            Please find attached our offer for the call ASTON-2022.

            Best regards,
            Jean Dupont

            On Mon, 20 Jun 2022 at 10:15, Awa Diallo <awa@example.org> wrote:

            Dear applicants,

            The deadline is 30 June.
            """)
    }

    @Test("an Outlook message: Word head, mso styles, conditional comments, o:p, MsoNormal lines, list bullets")
    func outlook() {
        let html = #"""
            <html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
            <head>
            <meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
            <meta name="Generator" content="Microsoft Word 15 (filtered medium)">
            <!--[if !mso]><style>v\:* {behavior:url(#default#VML);}
            </style><![endif]--><style><!--
            /* Font Definitions */
            p.MsoNormal, li.MsoNormal, div.MsoNormal
            	{margin:0cm;
            	font-family:"Calibri",sans-serif;}
            --></style><!--[if gte mso 9]><xml>
            <o:shapedefaults v:ext="edit" spidmax="1026" />
            </xml><![endif]-->
            </head>
            <body lang="FR" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">
            <div class="WordSection1">
            <p class="MsoNormal">Bonjour,<o:p></o:p></p>
            <p class="MsoNormal"><o:p>&nbsp;</o:p></p>
            <p class="MsoNormal">Veuillez trouver ci-joint notre offre pour l&#8217;appel n&deg; 2022-07 :<o:p></o:p></p>
            <p class="MsoListParagraph" style="text-indent:-18.0pt;mso-list:l0 level1 lfo1"><![if !supportLists]><span style="font-family:Symbol"><span style="mso-list:Ignore">&middot;<span style="font:7.0pt &quot;Times New Roman&quot;">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
            </span></span></span><![endif]>Lettre d&#8217;intention<o:p></o:p></p>
            <p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>&middot;<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;
            </span></span></span><![endif]>Plan de travail<o:p></o:p></p>
            <p class="MsoNormal"><o:p>&nbsp;</o:p></p>
            <p class="MsoNormal">Cordialement,<o:p></o:p></p>
            <p class="MsoNormal"><b><span style="color:#1F497D">Fran&ccedil;ois M&uuml;ller<o:p></o:p></span></b></p>
            <!--[if mso]><table><tr><td>Only in Outlook</td></tr></table><![endif]-->
            </div>
            </body>
            </html>
            """#
        #expect(HTMLText.plainText(fromHTML: html) == """
            Bonjour,

            Veuillez trouver ci-joint notre offre pour l’appel n° 2022-07 :
            · Lettre d’intention
            · Plan de travail

            Cordialement,
            François Müller
            """)
    }

    @Test("an Apple Mail message: text directly in body, div-br blank lines, signature divs")
    func appleMail() {
        let html = """
            <html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">Bonjour,<div><br></div><div>Voici notre offre technique et financière.</div><div><br></div><div>Bien à vous,</div><div><br><div>
            <div>Marie Curie</div><div>Directrice</div>
            </div>
            <br></div></body></html>
            """
        #expect(HTMLText.plainText(fromHTML: html) == "Bonjour,\n\nVoici notre offre technique et financière.\n\nBien à vous,\n\nMarie Curie\nDirectrice")
    }

    /// Each of these is quadratic in a naive converter (rescanning for `>`, `-->`, `</head>` or an
    /// entity name from every start); here each finishes in one pass.
    @Test("pathological inputs stay linear", arguments: [
        String(repeating: "<a", count: 200_000),
        String(repeating: "<head>x", count: 200_000),
        String(repeating: "<!-", count: 200_000),
        String(repeating: "&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", count: 50_000),
        String(repeating: "<div>", count: 200_000) + "deep" + String(repeating: "</div>", count: 200_000),
        String(repeating: "<p class=", count: 200_000),
        "<script>" + String(repeating: "</scrip", count: 200_000),
    ])
    func pathological(html: String) {
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = HTMLText.plainText(fromHTML: html) }
        // A quadratic pass over a megabyte takes minutes; a linear one milliseconds even in debug builds.
        #expect(elapsed < .seconds(10))
    }

    @Test("deeply nested divs keep their text")
    func deepNesting() {
        let html = String(repeating: "<div>", count: 100_000) + "deep" + String(repeating: "</div>", count: 100_000)
        #expect(HTMLText.plainText(fromHTML: html) == "deep")
    }
}
