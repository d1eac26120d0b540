//! Unix seconds as the local wall-clock time, the way Python's
//! `datetime.datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S.%f")`
//! prints it: the Azure CLI's `expiresOn` (`azure/cli/core/_profile.py`,
//! `Profile.get_raw_token`). Python asks the C library (`localtime`), which
//! follows `TZ`; so does this, through `localtime_r` on Unix and the
//! system's time-zone rules on Windows.

/// The broken-down local time of `seconds`: year, month, day, hour, minute,
/// second. `None` when the C library cannot represent it.
pub fn local(seconds: i64) -> Option<[i64; 6]> {
    imp::local(seconds)
}

/// `2026-12-06 07:30:00.000000`: [`local`] formatted as the Azure CLI's
/// `expiresOn`. The microseconds are always zero: the Azure CLI computes the
/// expiry as whole seconds (`now_timestamp() + expires_in`), as the cache
/// stores it.
pub fn az_expires_on(seconds: i64) -> Option<String> {
    let [y, mo, d, h, mi, s] = local(seconds)?;
    Some(format!(
        "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.000000"
    ))
}

#[cfg(unix)]
mod imp {
    extern "C" {
        // POSIX; not every libc build of the `libc` crate declares it.
        fn tzset();
    }

    pub fn local(seconds: i64) -> Option<[i64; 6]> {
        // The `libc` crate deprecates its musl `time_t` alias (the width
        // follows musl 1.2's 64 bits in a later release); the conversion is
        // range-checked whatever the width.
        #[allow(deprecated)]
        let t = libc::time_t::try_from(seconds).ok()?;
        // SAFETY: tzset reads TZ and the zone files into libc's own state;
        // localtime_r writes only into `tm`, which is ours and zeroed.
        let tm = unsafe {
            tzset();
            let mut tm: libc::tm = std::mem::zeroed();
            if libc::localtime_r(&t, &mut tm).is_null() {
                return None;
            }
            tm
        };
        Some([
            i64::from(tm.tm_year) + 1900,
            i64::from(tm.tm_mon) + 1,
            i64::from(tm.tm_mday),
            i64::from(tm.tm_hour),
            i64::from(tm.tm_min),
            i64::from(tm.tm_sec),
        ])
    }
}

#[cfg(windows)]
mod imp {
    use windows_sys::Win32::Foundation::{FILETIME, SYSTEMTIME};
    use windows_sys::Win32::System::Time::{FileTimeToSystemTime, SystemTimeToTzSpecificLocalTime};

    pub fn local(seconds: i64) -> Option<[i64; 6]> {
        // FILETIME: 100 ns intervals since 1601-01-01.
        let ticks = u64::try_from(
            seconds
                .checked_add(11_644_473_600)?
                .checked_mul(10_000_000)?,
        )
        .ok()?;
        let ft = FILETIME {
            dwLowDateTime: ticks as u32,
            dwHighDateTime: (ticks >> 32) as u32,
        };
        // SAFETY: both calls only read and write the structures passed.
        unsafe {
            let mut utc: SYSTEMTIME = std::mem::zeroed();
            let mut local: SYSTEMTIME = std::mem::zeroed();
            if FileTimeToSystemTime(&ft, &mut utc) == 0
                || SystemTimeToTzSpecificLocalTime(std::ptr::null(), &utc, &mut local) == 0
            {
                return None;
            }
            Some([
                i64::from(local.wYear),
                i64::from(local.wMonth),
                i64::from(local.wDay),
                i64::from(local.wHour),
                i64::from(local.wMinute),
                i64::from(local.wSecond),
            ])
        }
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    pub fn local(_: i64) -> Option<[i64; 6]> {
        None
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn utc_and_local_forms() {
        // The zone is read on every call, as Python's time.localtime does
        // after time.tzset(); set only in this test (the tests of this
        // module run in one thread each, and nothing else reads TZ).
        std::env::set_var("TZ", "UTC0");
        assert_eq!(
            az_expires_on(1_700_000_000).unwrap(),
            "2023-11-14 22:13:20.000000"
        );
        std::env::set_var("TZ", "EST5");
        assert_eq!(
            az_expires_on(1_700_000_000).unwrap(),
            "2023-11-14 17:13:20.000000"
        );
        std::env::remove_var("TZ");
    }
}
