#!/bin/sh
# A recording stand-in for terraform (Terraform is not installable from the registries this project
# uses). Set as components.terraform.command; appends what it was asked to do to $STANDIN_LOG:
#   ARGV [a] [b] …       its arguments
#   CWD <dir>            where it ran
#   ENV K=V              the AWS_*, TF_*, ATMOS_* and COMPONENT_* variables it got (never a secret value)
#   VARFILE <json>       for plan/apply/destroy: the -var-file it was given
#   ARN <arn>            with $STANDIN_STS: what `aws sts get-caller-identity` says the credentials are
# Exit code: $STANDIN_EXIT_<subcommand> (e.g. STANDIN_EXIT_plan=2), else 0; `workspace select`
# exits 1 until `workspace new` ran (as with an old Terraform without -or-create) when
# $STANDIN_NO_OR_CREATE is set.
log="${STANDIN_LOG:?}"
{
  printf 'ARGV'
  for a in "$@"; do printf ' [%s]' "$a"; done
  printf '\n'
  echo "CWD $(pwd)"
  env | grep -E '^(AWS_|TF_|ATMOS_|COMPONENT_)' | grep -v -E '^AWS_(SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN)=' | sort | sed 's/^/ENV /'
} >> "$log"
sub="$1"
prev=""
for a in "$@"; do
  if [ "$prev" = "-var-file" ]; then echo "VARFILE $(tr -d '\n' < "$a")" >> "$log"; fi
  prev="$a"
done
if [ "$sub" = "workspace" ] && [ "$2" = "select" ] && [ -n "${STANDIN_NO_OR_CREATE:-}" ] && [ ! -f .standin-workspace ]; then
  echo "Workspace doesn't exist." ; exit 1
fi
if [ "$sub" = "workspace" ] && [ "$2" = "new" ]; then touch .standin-workspace; echo "Created and switched to workspace"; fi
if [ "$sub" = "workspace" ]; then echo "Switched to workspace (should not reach the user's stdout)"; fi
if [ "$sub" = "plan" ] || [ "$sub" = "apply" ]; then
  if [ -n "${STANDIN_STS:-}" ]; then
    echo "ARN $(/usr/bin/aws sts get-caller-identity --endpoint-url "$STANDIN_STS" --query Arn --output text 2>&1)" >> "$log"
  fi
fi
if [ "$sub" = "output" ]; then echo '{"cidr_block":{"value":"10.0.0.0/18"}}'; fi
code=$(eval "echo \${STANDIN_EXIT_$sub:-0}")
exit "$code"
