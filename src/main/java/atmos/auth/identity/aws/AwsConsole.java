package atmos.auth.identity.aws;

import atmos.auth.AuthContext;
import atmos.auth.Chain;
import atmos.auth.SessionEnvironment;
import atmos.auth.WebConsole;
import atmos.cloud.aws.ConsoleDestinations;
import atmos.cloud.aws.ConsoleSignIn;
import atmos.cloud.aws.Partition;
import atmos.config.IdentityConfig;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.text.Durations;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The AWS console for an AWS identity: the federation sign-in ({@link ConsoleSignIn}) with temporary
 * credentials the identity chooses ({@link AwsIdentity#consoleFederation}), to the console of the
 * identity's partition. The console session lasts the requested 15m–12h where AWS lets the sign-in say
 * so; where it does not (chained roles, root sessions), it ends with the credentials, and the link says so.
 */
final class AwsConsole implements WebConsole {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final AwsIdentity identity;

    AwsConsole(AwsIdentity identity) {
        this.identity = identity;
    }

    @Override
    public String name() {
        return "AWS console";
    }

    @Override
    public Link link(AuthContext context, Chain chain, Supplier<Credentials> session, Request request) {
        IdentityConfig config = identity.config();
        Duration requested = checkRange(request.duration());
        String region = identity.region(context, chain, null);
        Partition partition = config.principal().string("assume_role").flatMap(Partition::ofArn).orElse(Partition.ofRegion(region));
        String destination = ConsoleDestinations.resolve(request.destination(), partition);
        ConsoleFederation f = identity.consoleFederation(context, chain, session, requested);
        if (f.offline() != null) {
            return new Link(URI.create(destination), false, null, null, null, null, List.of(f.offline()));
        }
        context.log().secret(f.credentials().secretAccessKey());
        context.log().secret(f.credentials().sessionToken());
        ConsoleSignIn signIn = new ConsoleSignIn(context.host(), context.log(), context.network());
        URI url;
        try {
            url = signIn.signInUrl(new ConsoleSignIn.Request(f.credentials(), partition, f.sessionDuration(), destination, request.issuer()));
        } catch (ConsoleSignIn.Refused e) {
            throw refused(chain, e, f);
        }
        Instant now = context.now();
        List<String> notes = new ArrayList<>();
        Duration length = f.applied() ? requested : null;
        Instant ends = f.applied() ? now.plus(requested) : f.credentials().expirationTime();
        if (!f.applied() && request.duration().origin() != Requested.Origin.DEFAULT) {
            notes.add("The console session cannot be set to " + Durations.human(requested) + " (" + request.duration().where() + ") for "
                    + config.name() + ": " + f.limit() + (ends == null ? "" : "; it ends when they expire, at " + TIME.format(ends)));
        }
        String account = identity.principal(f.credentials()).map(p -> p.account())
                .orElse(SessionEnvironment.configuredPrincipal(config).account());
        return new Link(url, true, now.plus(ConsoleSignIn.TOKEN_LIFETIME), length, ends, account, notes);
    }

    /** AWS console sessions last 15m to 12h; a value outside is refused where it was given. */
    private static Duration checkRange(Requested r) {
        Duration d = r.value();
        if (d.compareTo(ConsoleSignIn.MIN_SESSION) >= 0 && d.compareTo(ConsoleSignIn.MAX_SESSION) <= 0) {
            return d;
        }
        String message = "console session duration " + Durations.human(d) + " (" + r.where() + ") is outside the 15m to 12h AWS allows";
        if (r.origin() == Requested.Origin.FLAG) {
            throw AtmosException.usage(message, "use --duration between 15m and 12h, e.g. --duration 4h");
        }
        throw AtmosException.config(message, "set console.session_duration between 15m and 12h, or pass --duration");
    }

    private AtmosException refused(Chain chain, ConsoleSignIn.Refused e, ConsoleFederation f) {
        String name = identity.config().name();
        String message = e.getMessage() + ": the credentials of identity \"" + name + "\" (" + chain.display() + ") were refused for a console sign-in";
        if (e.status() >= 500) {
            return new AtmosException(ExitCode.AUTH, message, "the AWS sign-in service failed; try again in a moment");
        }
        return new AtmosException(ExitCode.AUTH, message, f.sessionDuration() != null
                ? "the session may have been revoked; run 'atmos auth login --identity " + name + " --force' and try again"
                        + " (or run with --verbose to see the answer)"
                : "the session may have been revoked or may not be allowed to sign in to the console; run 'atmos auth login --identity "
                        + name + " --force' and try again");
    }
}
