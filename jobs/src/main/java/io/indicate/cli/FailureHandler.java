package io.indicate.cli;

import picocli.CommandLine;

/**
 * Turns an exception from a step into one line on stderr that names the problem, and exit code 1. The
 * stack trace is printed only when INDICATE_DEBUG is set, so the engineer on call can still get it.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        Throwable root = ex;
        while (root.getCause() != null && root.getMessage() == null) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        cmd.getErr().println("indicate " + cmd.getCommandName() + ": error: " + firstLine(message));
        if (System.getenv("INDICATE_DEBUG") != null) ex.printStackTrace(cmd.getErr());
        return 1;
    }

    private static String firstLine(String s) {
        return s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(s.strip());
    }
}
