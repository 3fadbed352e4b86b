package atmos.workflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One workflow of a manifest ({@code workflows: <name>: …}), as the Go Atmos reads it: a description,
 * steps, and the workflow-level {@code stack}, {@code env} and {@code working_directory}; plus an
 * {@code identity} (ours: the identity of steps that name none, below {@code --identity}).
 *
 * @param file    the manifest as the user names it: relative to {@code workflows.base_path}, with its
 *                extension ({@code subdir/test.yaml}); {@code atmos.yaml} for a workflow written inline
 * @param path    the manifest's path, or null for an inline workflow
 * @param steps   in order, every one named ({@code step1}, {@code step2} … when the manifest names none)
 */
public record Workflow(String name, String file, Path path, String description, String stack, String identity,
                       Map<String, String> env, String workingDirectory, List<Step> steps) {

    public Workflow {
        env = Map.copyOf(env);
        steps = List.copyOf(steps);
    }

    /** True for a workflow written in atmos.yaml's {@code workflows:} section rather than in a manifest. */
    public boolean inline() {
        return path == null;
    }

    /**
     * One step.
     *
     * @param type {@code atmos} (the default: an atmos command line without the leading {@code atmos})
     *             or {@code shell}; other values are reported when the workflow runs
     */
    public record Step(String name, String command, String type, String stack, String identity, Map<String, String> env,
                       String workingDirectory) {
        public Step {
            env = Map.copyOf(env);
        }
    }
}
