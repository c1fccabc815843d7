#!/bin/sh
# End-to-end acknowledgement test through a real MTA (issue 6), as root on a
# Debian machine: Postfix from Debian on loopback only, a pipe transport that
# runs `billtriage deliver --send` for support@localhost, a customer mail
# submitted with sendmail, the ticket created, the acknowledgement delivered
# back through Postfix into /var/mail/customer with the right headers; then an
# out-of-office reply to it: a note on the ticket, no second acknowledgement,
# no loop. Nothing leaves the machine (every other transport is `error:`).
#
#   sh .ci/postfix-e2e.sh [path/to/billtriage]   (default: .build/debug/billtriage, built if missing)
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${1:-.build/debug/billtriage}
[ -x "$bin" ] || swift build --product billtriage
fail() { echo "postfix-e2e: FAIL: $*" >&2; [ -f "$box" ] && { echo "--- $box:" >&2; cat "$box" >&2; }; postqueue -p >&2 || true; exit 1; }

# 1. Postfix from Debian, loopback only (../shared/RECIPES.md).
if ! dpkg-query -W -f='${Status}' postfix 2>/dev/null | grep -q "install ok installed"; then
    echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
    echo "postfix postfix/mailname string localhost" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix </dev/null >/dev/null
fi

# 2. billtriage where the unprivileged pipe user can run it, with its own database, config and rules.
app=/opt/billtriage-e2e
data=/var/lib/billtriage-e2e
rm -rf "$app" "$data"
mkdir -p "$app/bin" "$data"
cp "$bin" "$app/bin/billtriage"
cp -R Rules "$app/Rules"
cat > "$data/billtriage.toml" <<TOML
[database]
path = "$data/tickets.sqlite"

[acknowledgement]
from = "support@localhost"
desk = "Billing Support (e2e)"
mailer = "sendmail:"
TOML
chown -R nobody:nogroup "$data"
chmod -R a+rX "$app"

postconf -e 'inet_interfaces = loopback-only' 'inet_protocols = ipv4' \
  'mydestination = localhost, localhost.localdomain' 'myhostname = localhost' 'relayhost =' \
  'transport_maps = hash:/etc/postfix/transport' \
  'default_transport = error:no outside delivery' 'relay_transport = error:no outside delivery'
echo 'support@localhost billtriage:' > /etc/postfix/transport && postmap /etc/postfix/transport
sed -i '/^billtriage unix/,/^ *argv=.*billtriage/d' /etc/postfix/master.cf
cat >> /etc/postfix/master.cf <<CF
billtriage unix - n n - - pipe flags=Rq user=nobody argv=$app/bin/billtriage deliver --config $data/billtriage.toml --rules $app/Rules --send --sender \${sender}
CF
id customer >/dev/null 2>&1 || useradd -m customer
box=/var/mail/customer
rm -f "$box"
postfix check
if postfix status >/dev/null 2>&1; then postfix reload >/dev/null 2>&1; else postfix start >/dev/null 2>&1; fi
postsuper -d ALL >/dev/null 2>&1 || true

# Waits up to $2 seconds for the command $1 to succeed.
wait_for() { n=0; while ! sh -c "$1" >/dev/null 2>&1; do n=$((n + 1)); [ "$n" -ge "$2" ] && return 1; sleep 1; done; }
tickets() { "$app/bin/billtriage" tickets "$@" --db "$data/tickets.sqlite"; }

# 3. A customer writes to support.
sendmail -f customer@localhost support@localhost <<'MAIL'
From: Carla Customer <customer@localhost>
To: support@localhost
Subject: Refund for invoice INV-2026-0042
Message-ID: <e2e-refund-1@localhost>

Hello, you charged me twice for invoice INV-2026-0042 (89.90 EUR).
Please refund the second payment.

Thanks, Carla
MAIL

# 4. The ticket exists and the acknowledgement came back through Postfix.
wait_for "grep -q '^X-BillTriage-Ticket: BT-000001' $box" 60 || fail "no acknowledgement in $box within 60 s"
tickets show BT-000001 | grep -q '^Acknowledgement: sent ' || fail "the acknowledgement is not recorded as sent"
for h in '^Auto-Submitted: auto-replied' '^In-Reply-To: <e2e-refund-1@localhost>' '^References: <e2e-refund-1@localhost>' \
         '^X-Auto-Response-Suppress: All' '^Subject: Re: Refund for invoice INV-2026-0042 \[BT-000001\]' \
         '^From: "Billing Support (e2e)" <support@localhost>' '^To: <customer@localhost>' '^Return-Path: <support@localhost>' \
         'INV-2026-0042' '89.90 EUR'; do
    grep -q "$h" "$box" || fail "the acknowledgement lacks $h"
done
ack=$(sed -n 's/^Message-ID: \(<bt-000001\.[^>]*>\)$/\1/p' "$box" | head -1)
[ -n "$ack" ] || fail "no Message-ID of ours on the acknowledgement"
echo "postfix-e2e: ticket BT-000001 created, acknowledgement $ack delivered to $box"

# 5. The customer's mailbox answers with an out-of-office reply to our acknowledgement.
sendmail -f customer@localhost support@localhost <<MAIL
From: Carla Customer <customer@localhost>
To: support@localhost
Subject: Automatic reply: Re: Refund for invoice INV-2026-0042 [BT-000001]
Message-ID: <e2e-ooo-1@localhost>
In-Reply-To: $ack
References: $ack
Auto-Submitted: auto-replied

I am out of the office until Monday and will read your message on my return.
MAIL

wait_for "'$app/bin/billtriage' tickets show BT-000001 --db '$data/tickets.sqlite' | grep -q '(note)'" 60 \
    || fail "the out-of-office reply did not reach the ticket as a note"
sleep 3
wait_for "postqueue -p | grep -q 'Mail queue is empty'" 30 || fail "mail is still queued"
acks=$(grep -c '^X-BillTriage-Ticket:' "$box")
[ "$acks" -eq 1 ] || fail "$acks acknowledgements in $box, expected exactly 1"
tickets show BT-000001 | grep -q '^Acknowledgement: suppressed (automated)' || fail "the out-of-office decision is not recorded"
[ "$(tickets list 2>/dev/null | grep -c '^BT-')" -eq 1 ] || fail "the out-of-office reply made a new ticket"
tickets show BT-000001 | head -1 | grep -q ' open ' || fail "the ticket changed status"
echo "postfix-e2e: out-of-office reply attached as a note, no second acknowledgement, queue empty"

# 6. The same hook with the SMTP mailer (smtp://127.0.0.1:25, Postfix's loopback listener) instead of sendmail.
sed -i 's|^mailer = .*|mailer = "smtp://127.0.0.1:25"|' "$data/billtriage.toml"
sendmail -f customer@localhost support@localhost <<'MAIL'
From: Carla Customer <customer@localhost>
To: support@localhost
Subject: Wie kann ich die Rechnung RE-2026-0777 bezahlen?
Message-ID: <e2e-smtp-1@localhost>

Guten Tag, wie kann ich die Rechnung RE-2026-0777 per Überweisung bezahlen?
Vielen Dank, Carla
MAIL
wait_for "grep -q '^X-BillTriage-Ticket: BT-000002' $box" 60 || fail "no acknowledgement through smtp:// within 60 s"
grep -q '^In-Reply-To: <e2e-smtp-1@localhost>' "$box" || fail "the SMTP acknowledgement lacks In-Reply-To"
grep -q '^Content-Language: de' "$box" || fail "the second ticket was not answered in German"
tickets show BT-000002 | grep -q '^Acknowledgement: sent ' || fail "the SMTP acknowledgement is not recorded as sent"
echo "postfix-e2e: BT-000002 acknowledged in German through smtp://127.0.0.1:25"
postfix stop >/dev/null 2>&1 || true
echo "postfix-e2e: passed"
