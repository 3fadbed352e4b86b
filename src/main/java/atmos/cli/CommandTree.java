package atmos.cli;

import atmos.cli.auth.AuthCommand;
import atmos.cli.auth.ConsoleCommand;
import atmos.cli.auth.EnvCommand;
import atmos.cli.auth.ExecCommand;
import atmos.cli.auth.ListCommand;
import atmos.cli.auth.LoginCommand;
import atmos.cli.auth.LogoutCommand;
import atmos.cli.auth.ShellCommand;
import atmos.cli.auth.UserCommand;
import atmos.cli.auth.UserConfigureCommand;
import atmos.cli.auth.ValidateCommand;
import atmos.cli.auth.WhoamiCommand;
import atmos.cli.describe.DescribeCommand;
import atmos.cli.describe.DescribeComponentCommand;
import atmos.cli.describe.DescribeLocalsCommand;
import atmos.cli.describe.DescribeStacksCommand;
import atmos.cli.list.ListComponentsCommand;
import atmos.cli.list.ListStacksCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command tree, built only as far as a command line needs it: picocli reads every command class
 * by reflection, so {@code atmos auth env} builds {@code atmos → auth → env} and not the ten others
 * (help, completion and unknown words get the whole subtree, so listings and suggestions are complete).
 */
public final class CommandTree {
    /** A command and its children, in the order help lists them. */
    record Node(Class<?> type, List<Node> children) {
        String name() {
            return type.getAnnotation(Command.class).name();
        }

        static Node leaf(Class<?> type) {
            return new Node(type, List.of());
        }
    }

    static final Node ROOT = new Node(AtmosCommand.class, List.of(
            new Node(AuthCommand.class, List.of(Node.leaf(LoginCommand.class), Node.leaf(WhoamiCommand.class),
                    Node.leaf(EnvCommand.class), Node.leaf(ExecCommand.class), Node.leaf(ShellCommand.class), Node.leaf(ConsoleCommand.class),
                    Node.leaf(LogoutCommand.class), Node.leaf(ListCommand.class), Node.leaf(ValidateCommand.class),
                    new Node(UserCommand.class, List.of(Node.leaf(UserConfigureCommand.class))))),
            new Node(DescribeCommand.class, List.of(Node.leaf(DescribeComponentCommand.class), Node.leaf(DescribeLocalsCommand.class), Node.leaf(DescribeStacksCommand.class))),
            new Node(atmos.cli.list.ListCommand.class, List.of(Node.leaf(ListStacksCommand.class), Node.leaf(ListComponentsCommand.class),
                    Node.leaf(atmos.cli.list.ListWorkflowsCommand.class))),
            Node.leaf(atmos.cli.terraform.TerraformCommand.class),
            new Node(atmos.cli.aws.AwsCommand.class, List.of(Node.leaf(atmos.cli.aws.CredentialProcessCommand.class))),
            Node.leaf(WorkflowCommand.class),
            Node.leaf(VersionCommand.class),
            new Node(CompletionCommand.class, List.of(Node.leaf(CompletionCommand.Complete.class))),
            Node.leaf(WarmupCommand.class)));

    /** Options before the command words that take a value in the next word. */
    private static final Set<String> VALUE_OPTIONS = Set.of("--config", "--config-path", "--base-path", "--profile", "-C", "--chdir",
            "--min-ttl", "--min-validity",
            "--logs-level", "--logs-file", "-f", "--format", "-o", "--output", "--output-file", "-p", "--provider", "--shell", "--auth-flow",
            "-s", "--stack", "-q", "--query", "--file", "-c", "--component", "--components", "--component-types", "--sections", "--skip");

    private CommandTree() {
    }

    /** The command words of {@code args} that name commands, as far as they can be told apart. */
    static List<String> route(String[] args) {
        List<String> path = new ArrayList<>();
        Node current = ROOT;
        for (int i = 0; i < args.length && !current.children().isEmpty(); i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-")) {
                boolean optionalValue = a.equals("-i") || a.equals("--identity") || a.equals("--profile");
                boolean takesValue = VALUE_OPTIONS.contains(a) && !optionalValue
                        || optionalValue && i + 1 < args.length && child(current, args[i + 1]) == null && !args[i + 1].startsWith("-");
                if (takesValue) {
                    i++;
                }
                continue;
            }
            Node next = child(current, a);
            if (next == null || a.equals("completion")) {
                break;
            }
            path.add(a);
            current = next;
        }
        return path;
    }

    /**
     * The words of {@code args} that are not options or option values, up to {@code --}: the command
     * words, then the command's own arguments (used to find custom commands, which the tree does not know).
     */
    static List<String> words(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-")) {
                if (VALUE_OPTIONS.contains(a)) {
                    i++;
                }
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /**
     * For a {@link PassThrough} command: its own options (and the global ones) stay where picocli sees
     * them; every other word after the command name goes, in order, after a {@code --}, so Terraform
     * gets {@code -var a=b}, {@code -target=x} … exactly as typed (picocli would otherwise take
     * {@code -var} for the global {@code -v}).
     */
    static String[] separatePassThrough(CommandLine root, String[] args) {
        List<String> path = route(args);
        if (path.size() != 1) {
            return args;
        }
        CommandLine cmd = root.getSubcommands().get(path.get(0));
        if (cmd == null || !(cmd.getCommand() instanceof PassThrough)) {
            return args;
        }
        int at = -1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(path.get(0))) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return args;
        }
        CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
        List<String> own = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = at + 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                for (int j = i + 1; j < args.length; j++) {
                    rest.add(args[j]);
                }
                break;
            }
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            CommandLine.Model.OptionSpec option = a.startsWith("-") ? spec.findOption(name) : null;
            if (option == null || !java.util.Arrays.asList(option.names()).contains(name)) {
                rest.add(a);
                continue;
            }
            own.add(a);
            CommandLine.Range arity = option.arity();
            if (!a.contains("=") && arity.max() > 0 && i + 1 < args.length && (arity.min() > 0 || !args[i + 1].startsWith("-"))) {
                own.add(args[++i]);
            }
        }
        List<String> out = new ArrayList<>(java.util.Arrays.asList(args).subList(0, at + 1));
        out.addAll(own);
        out.add("--");
        out.addAll(rest);
        return out.toArray(String[]::new);
    }

    private static Node child(Node node, String name) {
        for (Node c : node.children()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Builds the commands along {@code path} (and every command below its last one). */
    static CommandLine build(Object root, CommandLine.IFactory factory, List<String> path) throws Exception {
        CommandLine cli = new CommandLine(root, factory);
        attach(cli, ROOT, path, 0, factory);
        return cli;
    }

    private static void attach(CommandLine parent, Node node, List<String> path, int depth, CommandLine.IFactory factory) throws Exception {
        for (Node child : node.children()) {
            if (depth < path.size() && !child.name().equals(path.get(depth))) {
                continue;
            }
            CommandLine c = new CommandLine(factory.create(child.type()), factory);
            if (PassThrough.class.isAssignableFrom(child.type())) {
                c.setUnmatchedOptionsArePositionalParams(true);
                c.setPosixClusteredShortOptionsAllowed(false);
            }
            parent.addSubcommand(child.name(), c);
            attach(c, child, path, depth + 1, factory);
        }
    }
}
