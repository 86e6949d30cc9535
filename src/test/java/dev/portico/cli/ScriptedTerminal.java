package dev.portico.cli;

import java.util.ArrayList;
import java.util.List;

/** Someone at the keyboard who gives one fixed answer to every question and remembers what was asked. */
final class ScriptedTerminal implements Terminal {
    private final String answer;
    final List<String> prompts = new ArrayList<>();

    ScriptedTerminal(String answer) {
        this.answer = answer;
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public String readLine(String prompt) {
        prompts.add(prompt);
        return answer;
    }

    @Override
    public char[] readPassword(String prompt) {
        prompts.add(prompt);
        return answer.toCharArray();
    }
}
