package atmos.cli.auth;

import atmos.auth.AuthService;
import atmos.auth.Logout;
import atmos.cli.Ui;
import atmos.config.IdentityConfig;
import atmos.config.ProviderConfig;
import atmos.error.AtmosException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code atmos auth logout}: removes cached sessions for exactly the scope given — an identity, a
 * provider (and every identity chained from it), or everything. Long-lived keys stored with
 * {@code auth user configure} stay unless {@code --keychain} is given.
 */
@Command(name = "logout", sortOptions = false, description = "Remove cached credentials and credential files: one identity, one provider "
        + "(with its identities), or --all.%nLong-lived keys from 'auth user configure' are kept unless --keychain.")
public final class LogoutCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "IDENTITY", description = "Identity to log out (same as --identity)")
    String positional;

    @Option(names = {"-p", "--provider"}, paramLabel = "NAME", description = "Log out a provider and every identity chained from it")
    String provider;

    @Option(names = "--all", description = "Log out every identity and provider of this configuration")
    boolean all;

    @Option(names = "--keychain", description = "Also delete long-lived keys stored with 'atmos auth user configure'")
    boolean keychain;

    @Option(names = "--force", description = "Do not ask for confirmation (needed with --keychain outside a terminal)")
    boolean force;

    @Option(names = "--dry-run", description = "Show what would be removed; remove nothing")
    boolean dryRun;

    @Option(names = "--tags", split = ",", paramLabel = "TAG", description = "Log out the providers with any of these tags (and their identities)")
    List<String> tags = new ArrayList<>();

    @Option(names = "--all-realms", description = "Remove the credential files of every realm (and, with --keychain, this configuration's"
            + " keyring entries in each)")
    boolean allRealms;

    @ParentCommand
    AuthCommand auth;

    @Override
    public Integer call() {
        String identity = positional != null ? positional : auth.identityFlag();
        if (!tags.isEmpty() && (identity != null || provider != null || all)) {
            throw AtmosException.usage("--tags cannot be combined with an identity, --provider or --all", "it selects providers by itself");
        }
        int targets = (identity != null ? 1 : 0) + (provider != null ? 1 : 0) + (all ? 1 : 0) + (tags.isEmpty() ? 0 : 1) + (allRealms ? 1 : 0);
        if (targets > 1) {
            throw AtmosException.usage("give only one of IDENTITY/--identity, --provider, --tags, --all and --all-realms",
                    "see 'atmos auth logout --help'");
        }
        Ui ui = auth.ui();
        var config = auth.config().auth();
        if (targets == 0) {
            if (!auth.prompter().isTerminal()) {
                throw AtmosException.usage("nothing to log out: give an identity (--identity NAME), --provider NAME or --all",
                        "see 'atmos auth logout --help'");
            }
            List<String> options = new ArrayList<>();
            config.identities().keySet().stream().sorted().forEach(n -> options.add("Identity: " + n));
            config.providers().keySet().stream().sorted().forEach(n -> options.add("Provider: " + n + " (and its identities)"));
            options.add("All identities and providers");
            String choice = options.get(auth.prompter().choose("Choose what to log out from:", options));
            if (choice.startsWith("Identity: ")) {
                identity = choice.substring(10);
            } else if (choice.startsWith("Provider: ")) {
                provider = choice.substring(10, choice.indexOf(" (and"));
            } else {
                all = true;
            }
        }
        if (identity != null && identity.equals(AuthCommand.SELECT)) {
            identity = auth.selectIdentity().orElseThrow(() -> AtmosException.usage("no identity selected", null));
        }
        if (keychain && !dryRun && !confirmKeychain(ui)) {
            ui.info("Logout cancelled - credentials preserved");
            return 0;
        }
        AuthService service = auth.authService();
        Logout logout = service.logout(dryRun);
        Logout.Removed removed;
        String what;
        if (identity != null) {
            IdentityConfig ic = service.identity(identity);
            removed = logout.identity(ic.name(), keychain);
            what = ic.name();
        } else if (provider != null) {
            removed = logout.provider(provider, keychain);
            what = "provider " + config.provider(provider).map(ProviderConfig::name).orElse(provider) + " and its identities";
        } else if (!tags.isEmpty()) {
            removed = logout.providersTagged(tags, keychain);
            what = "the providers tagged " + String.join(", ", tags) + " and their identities";
        } else if (allRealms) {
            removed = logout.allRealms(keychain);
            what = "every realm";
        } else {
            removed = logout.all(keychain);
            what = "all identities and providers";
        }
        if (dryRun) {
            ui.info("Dry run: nothing was removed.");
            if (removed.isEmpty()) {
                ui.info("Nothing cached for " + what);
            } else {
                ui.info("Would log out " + what + ":");
                removed.keyringEntries().forEach(e -> ui.info("  would remove keyring entry " + e));
                removed.files().forEach(f -> ui.info("  would remove " + f));
            }
            return 0;
        }
        List<String> entries = removed.keyringEntries();
        List<String> files = removed.files();
        Map<String, Object> audited = new java.util.LinkedHashMap<>();
        audited.put("scope", what);
        audited.put("keyring_entries", entries.size());
        audited.put("files", files.size());
        audited.put("result", removed.failures().isEmpty() ? "ok" : "incomplete");
        service.context().audit().record("logout", audited);
        if (!removed.failures().isEmpty()) {
            entries.forEach(e -> ui.info("  removed keyring entry " + e));
            files.forEach(f -> ui.info("  removed " + f));
            removed.failures().forEach(f -> ui.fail("could not log out " + f));
            throw new AtmosException(atmos.error.ExitCode.FAILURE, "logout of " + what + " was incomplete: "
                    + removed.failures().size() + " could not be removed", "fix the cause shown above and run the command again");
        }
        String realm = auth.config().realm().isSet() ? " (realm: " + auth.config().realm().value() + ")" : "";
        if (entries.isEmpty() && files.isEmpty()) {
            ui.success("Nothing cached for " + what + realm);
            return 0;
        }
        ui.success("Logged out " + what + realm);
        entries.forEach(e -> ui.info("  removed keyring entry " + e));
        files.forEach(f -> ui.info("  removed " + f));
        if (!keychain) {
            ui.info("  long-lived keys from 'atmos auth user configure' were kept (use --keychain to delete them)");
        }
        return 0;
    }

    private boolean confirmKeychain(Ui ui) {
        if (force) {
            return true;
        }
        if (!auth.prompter().isTerminal()) {
            throw AtmosException.usage("--keychain deletes long-lived keys and needs confirmation, but there is no terminal to ask",
                    "add --force to confirm");
        }
        String answer = auth.prompter().line("Delete long-lived keys from the keyring as well? [y/N] ", "n");
        return answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
    }
}
