/* sal.h: Microsoft source-code annotations, all empty (they only guide Microsoft's analyser).
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 *
 * Three legacy annotations collide with Linux's own headers, which use the names as identifiers:
 *  - __in and __out (libstdc++): defined for C only, where glibc uses them only as parameter
 *    names in prototypes (harmless when they vanish);
 *  - __reserved (a struct member in <linux/stat.h>, which <sys/stat.h> includes): not defined.
 * A file that needs them defines CMNOTIFY_WIN32_LEGACY_SAL before including this header, after
 * all its system headers. */
#ifndef CMNOTIFY_WIN32_SAL_H
#define CMNOTIFY_WIN32_SAL_H

#if !defined(__cplusplus) || defined(CMNOTIFY_WIN32_LEGACY_SAL)
#define __in
#define __out
#endif
#ifdef CMNOTIFY_WIN32_LEGACY_SAL
#define __reserved
#endif

/* Legacy (pre-2010) annotations. */
#define __inout
#define __in_opt
#define __out_opt
#define __inout_opt
#define __in_z
#define __in_z_opt
#define __in_ecount(size)
#define __in_bcount(size)
#define __in_ecount_opt(size)
#define __in_bcount_opt(size)
#define __out_ecount(size)
#define __out_bcount(size)
#define __out_ecount_opt(size)
#define __out_bcount_opt(size)
#define __out_ecount_part(size, length)
#define __out_bcount_part(size, length)
#define __out_ecount_part_opt(size, length)
#define __out_bcount_part_opt(size, length)
#define __inout_ecount(size)
#define __inout_bcount(size)
#define __deref_out
#define __deref_out_opt
#define __deref_opt_out
#define __callback
#define __nullterminated
#define __nullnullterminated
#define __checkReturn
#define __field_ecount(size)
#define __field_bcount(size)
#define __drv_aliasesMem
#define __drv_freesMem(kind)
#define __drv_allocatesMem(kind)

/* SAL 2 annotations. */
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(size)
#define _In_reads_opt_(size)
#define _In_reads_bytes_(size)
#define _In_reads_bytes_opt_(size)
#define _In_reads_z_(size)
#define _In_reads_or_z_(size)
#define _In_range_(low, high)
#define _Out_
#define _Out_opt_
#define _Out_writes_(size)
#define _Out_writes_opt_(size)
#define _Out_writes_bytes_(size)
#define _Out_writes_bytes_opt_(size)
#define _Out_writes_z_(size)
#define _Out_writes_opt_z_(size)
#define _Out_writes_to_(size, count)
#define _Out_writes_to_opt_(size, count)
#define _Out_writes_bytes_to_(size, count)
#define _Out_writes_bytes_to_opt_(size, count)
#define _Out_writes_all_(size)
#define _Out_writes_bytes_all_(size)
#define _Out_range_(low, high)
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(size)
#define _Inout_updates_opt_(size)
#define _Inout_updates_bytes_(size)
#define _Inout_updates_bytes_opt_(size)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_opt_result_maybenull_
#define _Outptr_result_buffer_(size)
#define _Outptr_result_bytebuffer_(size)
#define _COM_Outptr_
#define _COM_Outptr_opt_
#define _Deref_out_range_(low, high)
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_z_
#define _Ret_writes_(size)
#define _Ret_writes_bytes_(size)
#define _Ret_writes_maybenull_(size)
#define _Ret_writes_bytes_maybenull_(size)
#define _Ret_range_(low, high)
#define _Must_inspect_result_
#define _Check_return_
#define _Success_(expr)
#define _Return_type_success_(expr)
#define _Post_equals_last_error_
#define _Post_writable_byte_size_(size)
#define _Post_invalid_
#define _Post_z_
#define _Pre_
#define _Post_
#define _Pre_z_
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Notnull_
#define _Maybenull_
#define _Null_terminated_
#define _NullNull_terminated_
#define _Reserved_
#define _Field_size_(size)
#define _Field_size_opt_(size)
#define _Field_size_bytes_(size)
#define _Field_size_bytes_opt_(size)
#define _Field_size_part_(size, count)
#define _Field_z_
#define _Field_range_(low, high)
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Printf_format_string_
#define _Printf_format_string_params_(count)
#define _Use_decl_annotations_
#define _Analysis_assume_(expr)
#define _When_(condition, annotations)
#define _At_(target, annotations)
#define _At_buffer_(target, iterator, count, annotations)
#define _Always_(annotations)
#define _On_failure_(annotations)
#define _Acquires_lock_(lock)
#define _Releases_lock_(lock)
#define _Acquires_exclusive_lock_(lock)
#define _Releases_exclusive_lock_(lock)
#define _Requires_lock_held_(lock)
#define _Requires_lock_not_held_(lock)
#define _Guarded_by_(lock)
#define _Interlocked_operand_
#define _Strict_type_match_
#define _Callback_
#define _Function_class_(name)
#define _IRQL_requires_max_(level)
#define _IRQL_requires_(level)
#define _Kernel_requires_resource_held_(resource)

#endif /* CMNOTIFY_WIN32_SAL_H */
