
use builtin;
use str;

set edit:completion:arg-completer[tokencache] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tokencache'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tokencache'= {
            cand --cache-path 'The cache file [default: <user root>/.tokencache/cache.json]'
            cand --service 'Keyring service name (Secret Service, Keychain) [default: tokencache]'
            cand --account 'Keyring account name (Secret Service, Keychain) [default: default]'
            cand --scope 'DPAPI protection scope (Windows only; accepted and reported unused elsewhere)'
            cand --store 'Which store to use; auto picks the platform''s protected store [default: auto]'
            cand --preset 'Use the cache path, store and keyring identity of a well-known cache'
            cand --entropy-env 'DPAPI additional entropy: the NAME of an environment variable holding it'
            cand --lock-timeout 'How long to wait for the lock: 500ms, 60s, 2m, or seconds'
            cand --collection 'Secret Service collection: an alias (default, session) or a label [default: the default collection]'
            cand --schema 'Secret Service item schema, the xdg:schema attribute [default: org.freedesktop.Secret.Generic]'
            cand --attribute 'Secret Service item attribute, repeatable; replaces service/account as the lookup set'
            cand --label 'Secret Service item label for new items [default: <service>/<account>]'
            cand --encoding 'How the keyring secret holds the JSON: auto (write raw, read raw or base64), raw, base64 [default: auto]'
            cand --keyring-timeout 'Give up on the keyring after this long: 10s, 500ms, 1m'
            cand --plaintext-fallback 'On Linux, fall back to the plaintext file when the Secret Service fails verification'
            cand -q 'Print nothing on stderr except errors'
            cand --quiet 'Print nothing on stderr except errors'
            cand --json 'Machine-readable output (and JSON errors on stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand read 'Print the stored cache JSON to stdout, exactly as stored'
            cand write 'Store the cache JSON read from stdin (or --input), atomically'
            cand verify 'Check that the store works, with a round trip that does not touch the cache'
            cand clear 'Remove the stored cache (succeeds when there is none)'
            cand path 'Print the cache path'
            cand remove 'Remove selected entries (an account, an application, a section) under the lock'
            cand inspect 'Summarise the stored cache for people, without showing any secret'
            cand presets 'List the presets, where each resolves on this machine, and whether its cache exists'
            cand generate 'Write shell completions and man pages (for packagers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokencache;read'= {
            cand --cache-path 'The cache file [default: <user root>/.tokencache/cache.json]'
            cand --service 'Keyring service name (Secret Service, Keychain) [default: tokencache]'
            cand --account 'Keyring account name (Secret Service, Keychain) [default: default]'
            cand --scope 'DPAPI protection scope (Windows only; accepted and reported unused elsewhere)'
            cand --store 'Which store to use; auto picks the platform''s protected store [default: auto]'
            cand --preset 'Use the cache path, store and keyring identity of a well-known cache'
            cand --entropy-env 'DPAPI additional entropy: the NAME of an environment variable holding it'
            cand --lock-timeout 'How long to wait for the lock: 500ms, 60s, 2m, or seconds'
            cand --collection 'Secret Service collection: an alias (default, session) or a label [default: the default collection]'
            cand --schema 'Secret Service item schema, the xdg:schema attribute [default: org.freedesktop.Secret.Generic]'
            cand --attribute 'Secret Service item attribute, repeatable; replaces service/account as the lookup set'
            cand --label 'Secret Service item label for new items [default: <service>/<account>]'
            cand --encoding 'How the keyring secret holds the JSON: auto (write raw, read raw or base64), raw, base64 [default: auto]'
            cand --keyring-timeout 'Give up on the keyring after this long: 10s, 500ms, 1m'
            cand --allow-missing 'Print {} and exit 0 when no cache is stored, instead of exit 3'
            cand --redact 'Replace every `secret` value with `"<redacted N bytes>"` (output is re-serialised, indented)'
            cand --plaintext-fallback 'On Linux, fall back to the plaintext file when the Secret Service fails verification'
            cand -q 'Print nothing on stderr except errors'
            cand --quiet 'Print nothing on stderr except errors'
            cand --json 'Machine-readable output (and JSON errors on stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tokencache;write'= {
            cand -i 'Read the cache from this file instead of stdin ("-" is stdin)'
            cand --input 'Read the cache from this file instead of stdin ("-" is stdin)'
            cand --max-size 'Refuse input larger than this: 16MiB, 512KiB, 1048576'
            cand --now 'For tests: the current time in Unix seconds'
            cand --cache-path 'The cache file [default: <user root>/.tokencache/cache.json]'
            cand --service 'Keyring service name (Secret Service, Keychain) [default: tokencache]'
            cand --account 'Keyring account name (Secret Service, Keychain) [default: default]'
            cand --scope 'DPAPI protection scope (Windows only; accepted and reported unused elsewhere)'
            cand --store 'Which store to use; auto picks the platform''s protected store [default: auto]'
            cand --preset 'Use the cache path, store and keyring identity of a well-known cache'
            cand --entropy-env 'DPAPI additional entropy: the NAME of an environment variable holding it'
            cand --lock-timeout 'How long to wait for the lock: 500ms, 60s, 2m, or seconds'
            cand --collection 'Secret Service collection: an alias (default, session) or a label [default: the default collection]'
            cand --schema 'Secret Service item schema, the xdg:schema attribute [default: org.freedesktop.Secret.Generic]'
            cand --attribute 'Secret Service item attribute, repeatable; replaces service/account as the lookup set'
            cand --label 'Secret Service item label for new items [default: <service>/<account>]'
            cand --encoding 'How the keyring secret holds the JSON: auto (write raw, read raw or base64), raw, base64 [default: auto]'
            cand --keyring-timeout 'Give up on the keyring after this long: 10s, 500ms, 1m'
            cand --merge 'Merge into the stored cache instead of replacing it (one lock hold)'
            cand --prune-expired 'With --merge: drop access tokens whose expires_on is at or before now'
            cand --plaintext-fallback 'On Linux, fall back to the plaintext file when the Secret Service fails verification'
            cand -q 'Print nothing on stderr except errors'
            cand --quiet 'Print nothing on stderr except errors'
            cand --json 'Machine-readable output (and JSON errors on stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tokencache;verify'= {
            cand --cache-path 'The cache file [default: <user root>/.tokencache/cache.json]'
            cand --service 'Keyring service name (Secret Service, Keychain) [default: tokencache]'
            cand --account 'Keyring account name (Secret Service, Keychain) [default: default]'
            cand --scope 'DPAPI protection scope (Windows only; accepted and reported unused elsewhere)'
            cand --store 'Which store to use; auto picks the platform''s protected store [default: auto]'
            cand --preset 'Use the cache path, store and keyring identity of a well-known cache'
            cand --entropy-env 'DPAPI additional entropy: the NAME of an environment variable holding it'
            cand --lock-timeout 'How long to wait for the lock: 500ms, 60s, 2m, or seconds'
            cand --collection 'Secret Service collection: an alias (default, session) or a label [default: the default collection]'
            cand --schema 'Secret Service item schema, the xdg:schema attribute [default: org.freedesktop.Secret.Generic]'
            cand --attribute 'Secret Service item attribute, repeatable; replaces service/account as the lookup set'
            cand --label 'Secret Service item label for new items [default: <service>/<account>]'
            cand --encoding 'How the keyring secret holds the JSON: auto (write raw, read raw or base64), raw, base64 [default: auto]'
            cand --keyring-timeout 'Give up on the keyring after this long: 10s, 500ms, 1m'
            cand --plaintext-fallback 'On Linux, fall back to the plaintext file when the Secret Service fails verification'
            cand -q 'Print nothing on stderr except errors'
            cand --quiet 'Print nothing on stderr except errors'
            cand --json 'Machine-readable output (and JSON errors on stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tokencache;clear'= {
            cand --cache-path 'The cache file [default: <user root>/.tokencache/cache.json]'
            cand --service 'Keyring service name (Secret Service, Keychain) [default: tokencache]'
            cand --account 'Keyring account name (Secret Service, Keychain) [default: default]'
            cand --scope 'DPAPI protection scope (Windows only; accepted and reported unused elsewhere)'
            cand --store 'Which store to use; auto picks the platform''s protected store [default: auto]'
            cand --preset 'Use the cache path, store and keyring identity of a well-known cache'
            cand --entropy-env 'DPAPI additional entropy: the NAME of an environment variable holding it'
            cand --lock-timeout 'How long to wait for the lock: 500ms, 60s, 2m, or seconds'
            cand --collection 'Secret Service collection: an alias (default, session) or a label [default: the default collection]'
            cand --schema 'Secret Service item schema, the xdg:schema attribute [default: org.freedesktop.Secret.Generic]'
            cand --attribute 'Secret Service item attribute, repeatable; replaces service/account as the lookup set'
            cand --label 'Secret Service item label for new items [default: <service>/<account>]'
            cand --encoding 'How the keyring secret holds the JSON: auto (write raw, read raw or base64), raw, base64 [default: auto]'
            cand --keyring-timeout 'Give up on the keyring after this long: 10s, 500ms, 1m'
            cand --plaintext-fallback 'On Linux, fall back to the plaintext file when the Secret Service fails verification'
            cand -q 'Print nothing on stderr except errors'
            cand --quiet 'Print nothing on stderr except errors'
            cand --json 'Machine-readable output (and JSON errors on stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tokencache;path'= {
            cand --cache-path 'The cache file [default: <user root>/.tokencache/cache.json]'
            cand --service 'Keyring service name (Secret Service, Keychain) [default: tokencache]'
            cand --account 'Keyring account name (Secret Service, Keychain) [default: default]'
            cand --scope 'DPAPI protection scope (Windows only; accepted and reported unused elsewhere)'
            cand --store 'Which store to use; auto picks the platform''s protected store [default: auto]'
            cand --preset 'Use the cache path, store and keyring identity of a well-known cache'
            cand --entropy-env 'DPAPI additional entropy: the NAME of an environment variable holding it'
            cand --lock-timeout 'How long to wait for the lock: 500ms, 60s, 2m, or seconds'
            cand --collection 'Secret Service collection: an alias (default, session) or a label [default: the default collection]'
            cand --schema 'Secret Service item schema, the xdg:schema attribute [default: org.freedesktop.Secret.Generic]'
            cand --attribute 'Secret Service item attribute, repeatable; replaces service/account as the lookup set'
            cand --label 'Secret Service item label for new items [default: <service>/<account>]'
            cand --encoding 'How the keyring secret holds the JSON: auto (write raw, read raw or base64), raw, base64 [default: auto]'
            cand --keyring-timeout 'Give up on the keyring after this long: 10s, 500ms, 1m'
            cand --lock 'Print the lock file''s path instead'
            cand --plaintext-fallback 'On Linux, fall back to the plaintext file when the Secret Service fails verification'
            cand -q 'Print nothing on stderr except errors'
            cand --quiet 'Print nothing on stderr except errors'
            cand --json 'Machine-readable output (and JSON errors on stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tokencache;remove'= {
            cand --user 'Entries of this signed-in account: a username (any case) or a home account id'
            cand --client-id 'Entries of this client (application) id'
            cand --section 'Only entries of this section (repeatable): AccessToken, RefreshToken, IdToken, Account, AppMetadata, …'
            cand --cache-path 'The cache file [default: <user root>/.tokencache/cache.json]'
            cand --service 'Keyring service name (Secret Service, Keychain) [default: tokencache]'
            cand --account 'Keyring account name (Secret Service, Keychain) [default: default]'
            cand --scope 'DPAPI protection scope (Windows only; accepted and reported unused elsewhere)'
            cand --store 'Which store to use; auto picks the platform''s protected store [default: auto]'
            cand --preset 'Use the cache path, store and keyring identity of a well-known cache'
            cand --entropy-env 'DPAPI additional entropy: the NAME of an environment variable holding it'
            cand --lock-timeout 'How long to wait for the lock: 500ms, 60s, 2m, or seconds'
            cand --collection 'Secret Service collection: an alias (default, session) or a label [default: the default collection]'
            cand --schema 'Secret Service item schema, the xdg:schema attribute [default: org.freedesktop.Secret.Generic]'
            cand --attribute 'Secret Service item attribute, repeatable; replaces service/account as the lookup set'
            cand --label 'Secret Service item label for new items [default: <service>/<account>]'
            cand --encoding 'How the keyring secret holds the JSON: auto (write raw, read raw or base64), raw, base64 [default: auto]'
            cand --keyring-timeout 'Give up on the keyring after this long: 10s, 500ms, 1m'
            cand --dry-run 'Say what would be removed, and change nothing'
            cand --plaintext-fallback 'On Linux, fall back to the plaintext file when the Secret Service fails verification'
            cand -q 'Print nothing on stderr except errors'
            cand --quiet 'Print nothing on stderr except errors'
            cand --json 'Machine-readable output (and JSON errors on stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tokencache;inspect'= {
            cand --now 'For tests: the current time in Unix seconds'
            cand --cache-path 'The cache file [default: <user root>/.tokencache/cache.json]'
            cand --service 'Keyring service name (Secret Service, Keychain) [default: tokencache]'
            cand --account 'Keyring account name (Secret Service, Keychain) [default: default]'
            cand --scope 'DPAPI protection scope (Windows only; accepted and reported unused elsewhere)'
            cand --store 'Which store to use; auto picks the platform''s protected store [default: auto]'
            cand --preset 'Use the cache path, store and keyring identity of a well-known cache'
            cand --entropy-env 'DPAPI additional entropy: the NAME of an environment variable holding it'
            cand --lock-timeout 'How long to wait for the lock: 500ms, 60s, 2m, or seconds'
            cand --collection 'Secret Service collection: an alias (default, session) or a label [default: the default collection]'
            cand --schema 'Secret Service item schema, the xdg:schema attribute [default: org.freedesktop.Secret.Generic]'
            cand --attribute 'Secret Service item attribute, repeatable; replaces service/account as the lookup set'
            cand --label 'Secret Service item label for new items [default: <service>/<account>]'
            cand --encoding 'How the keyring secret holds the JSON: auto (write raw, read raw or base64), raw, base64 [default: auto]'
            cand --keyring-timeout 'Give up on the keyring after this long: 10s, 500ms, 1m'
            cand --claims 'Also decode the JWT header and claims that matter (alg, typ, kid; aud, iss, exp, upn, preferred_username)'
            cand --plaintext-fallback 'On Linux, fall back to the plaintext file when the Secret Service fails verification'
            cand -q 'Print nothing on stderr except errors'
            cand --quiet 'Print nothing on stderr except errors'
            cand --json 'Machine-readable output (and JSON errors on stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tokencache;presets'= {
            cand --cache-path 'The cache file [default: <user root>/.tokencache/cache.json]'
            cand --service 'Keyring service name (Secret Service, Keychain) [default: tokencache]'
            cand --account 'Keyring account name (Secret Service, Keychain) [default: default]'
            cand --scope 'DPAPI protection scope (Windows only; accepted and reported unused elsewhere)'
            cand --store 'Which store to use; auto picks the platform''s protected store [default: auto]'
            cand --preset 'Use the cache path, store and keyring identity of a well-known cache'
            cand --entropy-env 'DPAPI additional entropy: the NAME of an environment variable holding it'
            cand --lock-timeout 'How long to wait for the lock: 500ms, 60s, 2m, or seconds'
            cand --collection 'Secret Service collection: an alias (default, session) or a label [default: the default collection]'
            cand --schema 'Secret Service item schema, the xdg:schema attribute [default: org.freedesktop.Secret.Generic]'
            cand --attribute 'Secret Service item attribute, repeatable; replaces service/account as the lookup set'
            cand --label 'Secret Service item label for new items [default: <service>/<account>]'
            cand --encoding 'How the keyring secret holds the JSON: auto (write raw, read raw or base64), raw, base64 [default: auto]'
            cand --keyring-timeout 'Give up on the keyring after this long: 10s, 500ms, 1m'
            cand --plaintext-fallback 'On Linux, fall back to the plaintext file when the Secret Service fails verification'
            cand -q 'Print nothing on stderr except errors'
            cand --quiet 'Print nothing on stderr except errors'
            cand --json 'Machine-readable output (and JSON errors on stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tokencache;generate'= {
            cand --out-dir 'Directory to write completions/ and man/ into'
            cand --cache-path 'The cache file [default: <user root>/.tokencache/cache.json]'
            cand --service 'Keyring service name (Secret Service, Keychain) [default: tokencache]'
            cand --account 'Keyring account name (Secret Service, Keychain) [default: default]'
            cand --scope 'DPAPI protection scope (Windows only; accepted and reported unused elsewhere)'
            cand --store 'Which store to use; auto picks the platform''s protected store [default: auto]'
            cand --preset 'Use the cache path, store and keyring identity of a well-known cache'
            cand --entropy-env 'DPAPI additional entropy: the NAME of an environment variable holding it'
            cand --lock-timeout 'How long to wait for the lock: 500ms, 60s, 2m, or seconds'
            cand --collection 'Secret Service collection: an alias (default, session) or a label [default: the default collection]'
            cand --schema 'Secret Service item schema, the xdg:schema attribute [default: org.freedesktop.Secret.Generic]'
            cand --attribute 'Secret Service item attribute, repeatable; replaces service/account as the lookup set'
            cand --label 'Secret Service item label for new items [default: <service>/<account>]'
            cand --encoding 'How the keyring secret holds the JSON: auto (write raw, read raw or base64), raw, base64 [default: auto]'
            cand --keyring-timeout 'Give up on the keyring after this long: 10s, 500ms, 1m'
            cand --plaintext-fallback 'On Linux, fall back to the plaintext file when the Secret Service fails verification'
            cand -q 'Print nothing on stderr except errors'
            cand --quiet 'Print nothing on stderr except errors'
            cand --json 'Machine-readable output (and JSON errors on stderr)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tokencache;help'= {
            cand read 'Print the stored cache JSON to stdout, exactly as stored'
            cand write 'Store the cache JSON read from stdin (or --input), atomically'
            cand verify 'Check that the store works, with a round trip that does not touch the cache'
            cand clear 'Remove the stored cache (succeeds when there is none)'
            cand path 'Print the cache path'
            cand remove 'Remove selected entries (an account, an application, a section) under the lock'
            cand inspect 'Summarise the stored cache for people, without showing any secret'
            cand presets 'List the presets, where each resolves on this machine, and whether its cache exists'
            cand generate 'Write shell completions and man pages (for packagers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tokencache;help;read'= {
        }
        &'tokencache;help;write'= {
        }
        &'tokencache;help;verify'= {
        }
        &'tokencache;help;clear'= {
        }
        &'tokencache;help;path'= {
        }
        &'tokencache;help;remove'= {
        }
        &'tokencache;help;inspect'= {
        }
        &'tokencache;help;presets'= {
        }
        &'tokencache;help;generate'= {
        }
        &'tokencache;help;help'= {
        }
    ]
    $completions[$command]
}
