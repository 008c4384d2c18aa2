/* concurrencysal.h: the SAL 2 locking and concurrency annotations, all empty.
 * Part of cmnotify's Windows-source-compatibility headers (include/win32). */
#ifndef CMNOTIFY_WIN32_CONCURRENCYSAL_H
#define CMNOTIFY_WIN32_CONCURRENCYSAL_H

#define _Acquires_exclusive_lock_(...)
#define _Acquires_lock_(...)
#define _Acquires_nonreentrant_lock_(...)
#define _Acquires_shared_lock_(...)
#define _Analysis_assume_lock_acquired_(...)
#define _Analysis_assume_lock_held_(...)
#define _Analysis_assume_lock_not_held_(...)
#define _Analysis_assume_lock_released_(...)
#define _Analysis_assume_same_lock_(...)
#define _Analysis_suppress_lock_checking_(...)
#define _Benign_race_begin_
#define _Benign_race_end_
#define _Create_lock_level_(...)
#define _Csalcat1_(...)
#define _Csalcat2_(...)
#define _Function_ignore_lock_checking_(...)
#define _Guarded_by_(...)
#define _Has_lock_kind_(...)
#define _Has_lock_level_(...)
#define _Interlocked_
#define _Interlocked_operand_
#define _Internal_lock_level_order_(...)
#define _Lock_level_order_(...)
#define _No_competing_thread_
#define _No_competing_thread_begin_
#define _No_competing_thread_end_
#define _Post_same_lock_(...)
#define _Releases_exclusive_lock_(...)
#define _Releases_lock_(...)
#define _Releases_nonreentrant_lock_(...)
#define _Releases_shared_lock_(...)
#define _Requires_exclusive_lock_held_(...)
#define _Requires_lock_held_(...)
#define _Requires_lock_not_held_(...)
#define _Requires_no_locks_held_
#define _Requires_shared_lock_held_(...)
#define _Write_guarded_by_(...)

#endif /* CMNOTIFY_WIN32_CONCURRENCYSAL_H */
