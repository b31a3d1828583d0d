package org.gapbench.score.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CodeExtractorTest {

    private static String py(String response) {
        CodeExtractor.Extracted e = CodeExtractor.extract(response, CodeLanguage.PYTHON, "add");
        return e == null ? null : e.code();
    }

    @Test
    void takesTheLabelledFenceAndLeavesTheProseOut() {
        String r = "Sure! Here is the function:\n\n```python\ndef add(a, b):\n    return a + b\n```\n\nIt adds two numbers.";
        assertEquals("def add(a, b):\n    return a + b\n", py(r));
    }

    @Test
    void takesAnUnlabelledFence() {
        assertEquals("def add(a, b):\n    return a + b\n", py("```\ndef add(a, b):\n    return a + b\n```"));
    }

    @Test
    void prefersTheBlockThatDefinesTheEntryPointOverExamplesThatCallIt() {
        String r = "Usage:\n```python\nprint(add(1, 2))\n```\nImplementation:\n```python\ndef add(a, b):\n    return a + b\n```\n"
                + "Test:\n```python\nassert add(2, 2) == 4\n```";
        assertEquals("def add(a, b):\n    return a + b\n", py(r));
    }

    @Test
    void ignoresBlocksInOtherLanguagesWhenOneIsInPython() {
        String r = "```bash\npip install nothing\n```\n```py\ndef add(a, b):\n    return a + b\n```";
        assertEquals("def add(a, b):\n    return a + b\n", py(r));
    }

    @Test
    void keepsATruncatedFence() {
        assertEquals("def add(a, b):\n    return a +", py("```python\ndef add(a, b):\n    return a +"));
    }

    @Test
    void returnsACompletionAsItIsAndRecognizesIt() {
        String code = py("    return a + b\n");
        assertEquals("    return a + b\n", code);
        assertTrue(CodeExtractor.isContinuation(code));
        assertFalse(CodeExtractor.isContinuation("def add(a, b):\n    return a + b\n"));
    }

    @Test
    void cutsProseAroundUnfencedCode() {
        String r = "Here is my solution.\ndef add(a, b):\n    return a + b\nThis runs in constant time.\nHope it helps!";
        assertEquals("def add(a, b):\n    return a + b\n", py(r));
    }

    @Test
    void findsNoCodeInPureProseOrAnEmptyAnswer() {
        assertNull(py("I cannot help with that request."));
        assertNull(py(""));
        assertNull(py("```python\n```"));
    }

    @Test
    void javaDefinitionIsNotACall() {
        assertTrue(CodeLanguage.JAVA.defines("public int add(int a, int b) {\n return a + b; }", "add"));
        assertFalse(CodeLanguage.JAVA.defines("int x = s.add(1, 2);", "add"));
    }

    private static final String JAVA_PROMPT = "import java.util.*;\n\nclass Solution {\n    public int add(int a, int b) {\n";

    @Test
    void javaBodyCompletionIsClosedAfterThePrompt() {
        String s = JavaHarness.solution(JAVA_PROMPT, "        return a + b;\n", "add");
        assertEquals(JAVA_PROMPT + "        return a + b;\n\n}\n}", s);
        assertEquals(0, BraceDepth.of(s));
    }

    @Test
    void javaMethodAloneReplacesThePromptSignature() {
        String s = JavaHarness.solution(JAVA_PROMPT, "    public int add(int a, int b) {\n        return a + b;\n    }\n", "add");
        assertEquals("import java.util.*;\n\nclass Solution {\n    public int add(int a, int b) {\n        return a + b;\n    }\n\n}", s);
    }

    @Test
    void javaWholeClassKeepsThePromptImportsAndLosesItsPackageAndPublicModifier() {
        String s = JavaHarness.solution(JAVA_PROMPT, "package x.y;\npublic class Solution {\n    public int add(int a, int b) { return a + b; }\n}\n", "add");
        assertTrue(s.startsWith("import java.util.*;\n"));
        assertFalse(s.contains("package"));
        assertTrue(s.contains("\nclass Solution {"));
    }

    @Test
    void braceDepthSkipsStringsCharsAndComments() {
        assertEquals(1, BraceDepth.of("class A { String s = \"}}\"; char c = '}'; // }\n /* } */ String t = \"\"\"\n}\n\"\"\";"));
    }
}
