
#ifdef __CUDACC_RTC__
  #include <cuda/std/cstdint>
  using cuda::std::uint8_t;
  using cuda::std::uint16_t;
  using cuda::std::uint32_t;
  using cuda::std::uint64_t;
  using cuda::std::int8_t;
  using cuda::std::int16_t;
  using cuda::std::int32_t;
  using cuda::std::int64_t;

  #include <cuda/std/type_traits>
  namespace std {
    using cuda::std::is_same;
    using cuda::std::is_same_v;
    using cuda::std::is_integral;
    using cuda::std::is_signed;
    using cuda::std::is_unsigned;
    using cuda::std::is_floating_point;
    using cuda::std::enable_if;
    using cuda::std::conditional;
  }

  // NVRTC uses asm/volatile instead of __asm__/__volatile__ (gcc extension).
  #ifndef __asm__
  #define __asm__ asm
  #endif
  #ifndef __volatile__
  #define __volatile__ volatile
  #endif
#else
  #include <cstdint>
  #include <type_traits>
  #include <cuda.h>
#endif

#if !defined(__CUDA_ARCH__) || (__CUDA_ARCH__ >= 530)
#include <cuda_fp16.h>
__device__ half max(half a, half b)
{
  return __hgt(__half(a), __half(b)) ? a : b;
}
__device__ half min(half a, half b)
{
  return __hlt(__half(a), __half(b)) ? a : b;
}
#endif // __CUDA_ARCH__ >= 530

// Pack two half values.
static inline __device__ __host__ unsigned
__pack_half2(const half x, const half y) {
  unsigned v0 = *((unsigned short *)&x);
  unsigned v1 = *((unsigned short *)&y);
  return (v1 << 16) | v0;
}

#define CUDA_UNSUPPORTED_HALF_MATH_BINARY(HALF_MATH_NAME, FP32_MATH_NAME) \
static inline __device__ __host__ half HALF_MATH_NAME(half x, half y) {   \
  float tmp_x = __half2float(x);                                          \
  float tmp_y = __half2float(y);                                          \
  float result = FP32_MATH_NAME(tmp_x, tmp_y);                            \
  return __float2half(result);                                            \
}

#define CUDA_UNSUPPORTED_HALF_MATH_UNARY(HALF_MATH_NAME, FP32_MATH_NAME) \
static inline __device__ __host__ half HALF_MATH_NAME(half x) {          \
  float tmp_x = __half2float(x);                                         \
  float result = FP32_MATH_NAME(tmp_x);                                  \
  return __float2half(result);                                           \
}

// Some fp16 math functions are not supported in cuda_fp16.h,
// so we define them here to make sure the generated CUDA code
// is valid.
#if defined(__CUDA_ARCH__)
#if (__CUDA_ARCH__ >= 530)
CUDA_UNSUPPORTED_HALF_MATH_BINARY(hpow, powf)
#if ((__CUDACC_VER_MAJOR__ < 12) || ((__CUDACC_VER_MAJOR__ == 12) && (__CUDACC_VER_MINOR__ < 8)))
CUDA_UNSUPPORTED_HALF_MATH_UNARY(htanh, tanhf)
#endif
CUDA_UNSUPPORTED_HALF_MATH_UNARY(htan, tanf)
CUDA_UNSUPPORTED_HALF_MATH_UNARY(hatan, atanf)
CUDA_UNSUPPORTED_HALF_MATH_UNARY(herf, erf)
#else
CUDA_UNSUPPORTED_HALF_MATH_UNARY(hexp, exp)
#endif
#endif

#undef CUDA_UNSUPPORTED_HALF_MATH_BINARY
#undef CUDA_UNSUPPORTED_HALF_MATH_UNARY

template <typename T, typename TVec2>
struct __align__(8) half4_bfloat164 {
  T x, y, z, w;
  __host__ __device__ half4_bfloat164() : x(T(0)), y(T(0)), z(T(0)), w(T(0)) {}
  __host__ __device__ half4_bfloat164(T x, T y, T z, T w) : x(x), y(y), z(z), w(w) {}

};

using half4 = half4_bfloat164<__half, __half2>;
__host__ __device__ half4 make_half4(__half x, __half y, __half z, __half w) {
    return half4(x, y, z, w);
}

#include <mma.h>

#if (((__CUDACC_VER_MAJOR__ == 11) && (__CUDACC_VER_MINOR__ >= 4)) || \
     (__CUDACC_VER_MAJOR__ > 11))
#define TVM_ENABLE_L2_PREFETCH 1
#else
#define TVM_ENABLE_L2_PREFETCH 0
#endif

#ifdef _WIN32
  using uint = unsigned int;
  using uchar = unsigned char;
  using ushort = unsigned short;
  using int64_t = long long;
  using uint64_t = unsigned long long;
#else
  #define uint unsigned int
  #define uchar unsigned char
  #define ushort unsigned short
#endif
__forceinline__ __device__ void tvm_builtin_ptx_cp_async_wait_group_async_wait_group_0() {
  asm volatile("cp.async.wait_group 0;" :  :  : "memory");
}
__forceinline__ __device__ void tvm_builtin_ptx_cp_async_wait_group_async_wait_group_2() {
  asm volatile("cp.async.wait_group 2;" :  :  : "memory");
}
__forceinline__ __device__ void tvm_builtin_ptx_cp_async_commit_group_async_commit_group() {
  asm volatile("cp.async.commit_group;" :  : );
}

__forceinline__ __device__ void ptx_cp_async_legacy_pred_cg_16_2_2(void* dst, int dst_off, void* src, int src_off, int predicate) {
  uint8_t* dst_p = (uint8_t*)dst + dst_off * 2;
  uint8_t* src_p = (uint8_t*)src + src_off * 2;
  unsigned int dst_addr = __cvta_generic_to_shared(dst_p);
  __asm__ __volatile__(
    "{\n"
    " .reg .pred p;\n"
    " setp.eq.u32 p, %3, 1;\n"
    " @p cp.async.cg.shared.global [%0], [%1], %2;\n"
    " @!p st.shared.v4.u32 [%0], {%4, %4, %4, %4};\n"
    "}\n"
    :: "r"(dst_addr), "l"(src_p), "n"(16), "r"(predicate), "r"(0)
  );
}
extern "C" __global__ void __launch_bounds__(256) bmm_residual_kernel_kernel(half* __restrict__ a_ptr, half* __restrict__ b_ptr, half* __restrict__ out_ptr, half* __restrict__ r_ptr, int B, int K_div8, int M, int N_div8, float alpha);
extern "C" __global__ void __launch_bounds__(256) bmm_residual_kernel_unaligned_kernel(half* __restrict__ a_ptr, half* __restrict__ b_ptr, half* __restrict__ out_ptr, half* __restrict__ r_ptr, int B, int K, int M, int N, float alpha);
extern "C" __global__ void __launch_bounds__(256) bmm_residual_kernel_kernel(half* __restrict__ a_ptr, half* __restrict__ b_ptr, half* __restrict__ out_ptr, half* __restrict__ r_ptr, int B, int K_div8, int M, int N_div8, float alpha) {
  extern __shared__ __align__(64) uchar buf_dyn_shmem_ptr[];
  alignas(64) float bmm_residual_kernel_reindex_pad_warp_ptr[128];
  alignas(64) half a_reindex_pad_shared_dyn_warp_ptr[1024];
  alignas(64) half b_reindex_pad_shared_dyn_warp_ptr[1024];
  alignas(64) half a_reindex_pad_shared_dyn_warp_ptr_1[1024];
  alignas(64) half b_reindex_pad_shared_dyn_warp_ptr_1[1024];
  for (int ax1_0_2_init = 0; ax1_0_2_init < 4; ++ax1_0_2_init) {
    for (int ax2_0_2_init = 0; ax2_0_2_init < 4; ++ax2_0_2_init) {
      #pragma unroll
      for (int ax2_1_1_0 = 0; ax2_1_1_0 < 2; ++ax2_1_1_0) {
        #pragma unroll
        for (int ax1_1_1_0 = 0; ax1_1_1_0 < 2; ++ax1_1_1_0) {
          #pragma unroll
          for (int ax2_1_1_2 = 0; ax2_1_1_2 < 2; ++ax2_1_1_2) {
            bmm_residual_kernel_reindex_pad_warp_ptr[(((((ax1_0_2_init * 32) + (ax2_0_2_init * 8)) + (ax2_1_1_0 * 4)) + (ax1_1_1_0 * 2)) + ax2_1_1_2)] = 0x0p+0f/*0.000000e+00*/;
          }
        }
      }
    }
  }
  #pragma unroll
  for (int ax3_0_0 = 0; ax3_0_0 < 2; ++ax3_0_0) {
    if (ax3_0_0 < ((K_div8 + 7) >> 3)) {
      for (int ax0_ax1_fused_0 = 0; ax0_ax1_fused_0 < 4; ++ax0_ax1_fused_0) {
        ptx_cp_async_legacy_pred_cg_16_2_2(buf_dyn_shmem_ptr, (((((ax3_0_0 * 9216) + (ax0_ax1_fused_0 * 2304)) + (((int)threadIdx.y) * 288)) + ((((int)threadIdx.x) >> 3) * 72)) + ((((int)threadIdx.x) & 7) * 8)), a_ptr, (((ax3_0_0 * 64) + (((((((((int)blockIdx.y) * 128) + (ax0_ax1_fused_0 * 32)) + (((int)threadIdx.y) * 4)) + (((int)threadIdx.x) >> 3)) + (((int)blockIdx.z) * M)) * K_div8) * 8)) + ((((int)threadIdx.x) & 7) * 8)), ((((((((int)blockIdx.y) * 128) + (ax0_ax1_fused_0 * 32)) + (((int)threadIdx.y) * 4)) + (((int)threadIdx.x) >> 3)) < M) && ((((ax3_0_0 * 8) + (((int)threadIdx.x) & 7)) - K_div8) < 0)));
      }
      for (int ax0_ax1_fused_0_1 = 0; ax0_ax1_fused_0_1 < 8; ++ax0_ax1_fused_0_1) {
        ptx_cp_async_legacy_pred_cg_16_2_2(buf_dyn_shmem_ptr, (((((ax3_0_0 * 16896) + (ax0_ax1_fused_0_1 * 2112)) + (((int)threadIdx.y) * 264)) + (((int)threadIdx.x) * 8)) + 27648), b_ptr, (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((ax3_0_0 * 64) + (ax0_ax1_fused_0_1 * 8)) + ((((int)blockIdx.z) * K_div8) * 8)) + ((int)threadIdx.y)) * N_div8) * 8)), (((((ax3_0_0 * 8) + ax0_ax1_fused_0_1) - K_div8) < 0) && ((((((int)blockIdx.x) * 32) + ((int)threadIdx.x)) - N_div8) < 0)));
      }
      tvm_builtin_ptx_cp_async_commit_group_async_commit_group();
    }
  }
  for (int ax3_0_0_1 = 0; ax3_0_0_1 < (((K_div8 + 7) >> 3) - 2); ++ax3_0_0_1) {
    __syncthreads();
    for (int ax0_ax1_fused_0_2 = 0; ax0_ax1_fused_0_2 < 4; ++ax0_ax1_fused_0_2) {
      ptx_cp_async_legacy_pred_cg_16_2_2(buf_dyn_shmem_ptr, (((((((ax3_0_0_1 + 2) % 3) * 9216) + (ax0_ax1_fused_0_2 * 2304)) + (((int)threadIdx.y) * 288)) + ((((int)threadIdx.x) >> 3) * 72)) + ((((int)threadIdx.x) & 7) * 8)), a_ptr, ((((ax3_0_0_1 * 64) + (((((((((int)blockIdx.y) * 128) + (ax0_ax1_fused_0_2 * 32)) + (((int)threadIdx.y) * 4)) + (((int)threadIdx.x) >> 3)) + (((int)blockIdx.z) * M)) * K_div8) * 8)) + ((((int)threadIdx.x) & 7) * 8)) + 128), ((((((((int)blockIdx.y) * 128) + (ax0_ax1_fused_0_2 * 32)) + (((int)threadIdx.y) * 4)) + (((int)threadIdx.x) >> 3)) < M) && ((((ax3_0_0_1 * 8) + (((int)threadIdx.x) & 7)) - K_div8) < -16)));
    }
    for (int ax0_ax1_fused_0_3 = 0; ax0_ax1_fused_0_3 < 8; ++ax0_ax1_fused_0_3) {
      ptx_cp_async_legacy_pred_cg_16_2_2(buf_dyn_shmem_ptr, (((((((ax3_0_0_1 + 2) % 3) * 16896) + (ax0_ax1_fused_0_3 * 2112)) + (((int)threadIdx.y) * 264)) + (((int)threadIdx.x) * 8)) + 27648), b_ptr, (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + (((((((ax3_0_0_1 * 64) + (ax0_ax1_fused_0_3 * 8)) + ((((int)blockIdx.z) * K_div8) * 8)) + ((int)threadIdx.y)) + 128) * N_div8) * 8)), (((((ax3_0_0_1 * 8) + ax0_ax1_fused_0_3) - K_div8) < -16) && ((((((int)blockIdx.x) * 32) + ((int)threadIdx.x)) - N_div8) < 0)));
    }
    tvm_builtin_ptx_cp_async_commit_group_async_commit_group();
    tvm_builtin_ptx_cp_async_wait_group_async_wait_group_2();
    __syncthreads();
    #pragma unroll
    for (int ax3_0_1 = 0; ax3_0_1 < 4; ++ax3_0_1) {
      #pragma unroll
      for (int ax0_0 = 0; ax0_0 < 4; ++ax0_0) {

  {
    unsigned int addr = __cvta_generic_to_shared((&(((half*)buf_dyn_shmem_ptr)[(((((ax3_0_0_1 % 3) * 9216) + ((((int)threadIdx.y) >> 2) * 4608)) + (ax0_0 * 1152)) + (ax3_0_1 * 16))])) + (((((int)threadIdx.x) & 15) * 72) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax0_0 * 256) + (((int)threadIdx.x) * 8))))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax0_0 * 256) + (((int)threadIdx.x) * 8))))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax0_0 * 256) + (((int)threadIdx.x) * 8))))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax0_0 * 256) + (((int)threadIdx.x) * 8))))[3])
      : "r"(addr)
    );
  }
      }
      #pragma unroll
      for (int ax1_0 = 0; ax1_0 < 4; ++ax1_0) {

  {
    unsigned int addr = __cvta_generic_to_shared((&(((half*)buf_dyn_shmem_ptr)[((((((ax3_0_0_1 % 3) * 16896) + (ax3_0_1 * 4224)) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + 27648)])) + (((((int)threadIdx.x) & 15) * 264) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax1_0 * 256) + (((int)threadIdx.x) * 8))))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax1_0 * 256) + (((int)threadIdx.x) * 8))))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax1_0 * 256) + (((int)threadIdx.x) * 8))))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax1_0 * 256) + (((int)threadIdx.x) * 8))))[3])
      : "r"(addr)
    );
  }
      }
      #pragma unroll
      for (int ax1_0_2 = 0; ax1_0_2 < 4; ++ax1_0_2) {
        #pragma unroll
        for (int ax2_0_2 = 0; ax2_0_2 < 4; ++ax2_0_2) {

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[1]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[2]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[3]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax2_0_2 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax2_0_2 * 256) + (((int)threadIdx.x) * 8))))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[1]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[2]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[3]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + (((ax2_0_2 * 256) + (((int)threadIdx.x) * 8)) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + (((ax2_0_2 * 256) + (((int)threadIdx.x) * 8)) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[3]));
  }
        }
      }
    }
  }
  #pragma unroll
  for (int ax3_0_0_2 = 0; ax3_0_0_2 < 2; ++ax3_0_0_2) {
    if ((2 <= (((K_div8 + 7) >> 3) + ax3_0_0_2)) && (2 <= (((K_div8 + 7) >> 3) + ax3_0_0_2))) {
      tvm_builtin_ptx_cp_async_wait_group_async_wait_group_0();
      __syncthreads();
      #pragma unroll
      for (int ax3_0_1_1 = 0; ax3_0_1_1 < 4; ++ax3_0_1_1) {
        #pragma unroll
        for (int ax0_0_1 = 0; ax0_0_1 < 4; ++ax0_0_1) {

  {
    unsigned int addr = __cvta_generic_to_shared((&(((half*)buf_dyn_shmem_ptr)[(((((((((K_div8 + 7) >> 3) + ax3_0_0_2) + 1) % 3) * 9216) + ((((int)threadIdx.y) >> 2) * 4608)) + (ax0_0_1 * 1152)) + (ax3_0_1_1 * 16))])) + (((((int)threadIdx.x) & 15) * 72) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax0_0_1 * 256) + (((int)threadIdx.x) * 8))))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax0_0_1 * 256) + (((int)threadIdx.x) * 8))))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax0_0_1 * 256) + (((int)threadIdx.x) * 8))))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax0_0_1 * 256) + (((int)threadIdx.x) * 8))))[3])
      : "r"(addr)
    );
  }
        }
        #pragma unroll
        for (int ax1_0_1 = 0; ax1_0_1 < 4; ++ax1_0_1) {

  {
    unsigned int addr = __cvta_generic_to_shared((&(((half*)buf_dyn_shmem_ptr)[((((((((((K_div8 + 7) >> 3) + ax3_0_0_2) + 1) % 3) * 16896) + (ax3_0_1_1 * 4224)) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0_1 * 16)) + 27648)])) + (((((int)threadIdx.x) & 15) * 264) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_1 * 256) + (((int)threadIdx.x) * 8))))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_1 * 256) + (((int)threadIdx.x) * 8))))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_1 * 256) + (((int)threadIdx.x) * 8))))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_1 * 256) + (((int)threadIdx.x) * 8))))[3])
      : "r"(addr)
    );
  }
        }
        #pragma unroll
        for (int ax1_0_2_1 = 0; ax1_0_2_1 < 4; ++ax1_0_2_1) {
          #pragma unroll
          for (int ax2_0_2_1 = 0; ax2_0_2_1 < 4; ++ax2_0_2_1) {

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[1]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[2]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[3]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax2_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax2_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[1]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[2]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[3]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + (((ax2_0_2_1 * 256) + (((int)threadIdx.x) * 8)) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + (((ax2_0_2_1 * 256) + (((int)threadIdx.x) * 8)) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[3]));
  }
          }
        }
      }
    }
  }
  #pragma unroll
  for (int ax0_0_2 = 0; ax0_0_2 < 4; ++ax0_0_2) {
    #pragma unroll
    for (int ax1_0_3 = 0; ax1_0_3 < 4; ++ax1_0_3) {
      #pragma unroll
      for (int ax1_1_0 = 0; ax1_1_0 < 2; ++ax1_1_0) {
        #pragma unroll
        for (int ax0_1_0 = 0; ax0_1_0 < 2; ++ax0_1_0) {
          #pragma unroll
          for (int ax1_1_2 = 0; ax1_1_2 < 2; ++ax1_1_2) {
            if (((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0_2 * 16)) + (ax0_1_0 * 8)) + (((int)threadIdx.x) >> 2)) < M) && ((((((((int)blockIdx.x) * 32) + ((((int)threadIdx.y) & 3) * 8)) + (ax1_0_3 * 2)) + ax1_1_0) - N_div8) < 0)) {
              out_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0_3 * 16)) + (ax1_1_0 * 8)) + ((((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0_2 * 16)) + (ax0_1_0 * 8)) + (((int)threadIdx.x) >> 2)) + (((int)blockIdx.z) * M)) * N_div8) * 8)) + ((((int)threadIdx.x) & 3) * 2)) + ax1_1_2)] = ((half)((bmm_residual_kernel_reindex_pad_warp_ptr[(((((ax0_0_2 * 32) + (ax1_0_3 * 8)) + (ax1_1_0 * 4)) + (ax0_1_0 * 2)) + ax1_1_2)] * alpha) + ((float)r_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0_3 * 16)) + (ax1_1_0 * 8)) + ((((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0_2 * 16)) + (ax0_1_0 * 8)) + (((int)threadIdx.x) >> 2)) + (((int)blockIdx.z) * M)) * N_div8) * 8)) + ((((int)threadIdx.x) & 3) * 2)) + ax1_1_2)])));
            }
          }
        }
      }
    }
  }
}

extern "C" __global__ void __launch_bounds__(256) bmm_residual_kernel_unaligned_kernel(half* __restrict__ a_ptr, half* __restrict__ b_ptr, half* __restrict__ out_ptr, half* __restrict__ r_ptr, int B, int K, int M, int N, float alpha) {
  extern __shared__ __align__(64) uchar buf_dyn_shmem_ptr[];
  alignas(64) float bmm_residual_kernel_reindex_pad_warp_ptr[128];
  alignas(64) half a_reindex_pad_shared_dyn_warp_ptr[1024];
  alignas(64) half b_reindex_pad_shared_dyn_warp_ptr[1024];
  alignas(64) half a_reindex_pad_shared_dyn_warp_ptr_1[1024];
  alignas(64) half b_reindex_pad_shared_dyn_warp_ptr_1[1024];
  for (int ax1_0_2_init = 0; ax1_0_2_init < 4; ++ax1_0_2_init) {
    for (int ax2_0_2_init = 0; ax2_0_2_init < 4; ++ax2_0_2_init) {
      #pragma unroll
      for (int ax2_1_1_0 = 0; ax2_1_1_0 < 2; ++ax2_1_1_0) {
        #pragma unroll
        for (int ax1_1_1_0 = 0; ax1_1_1_0 < 2; ++ax1_1_1_0) {
          #pragma unroll
          for (int ax2_1_1_2 = 0; ax2_1_1_2 < 2; ++ax2_1_1_2) {
            bmm_residual_kernel_reindex_pad_warp_ptr[(((((ax1_0_2_init * 32) + (ax2_0_2_init * 8)) + (ax2_1_1_0 * 4)) + (ax1_1_1_0 * 2)) + ax2_1_1_2)] = 0x0p+0f/*0.000000e+00*/;
          }
        }
      }
    }
  }
  #pragma unroll
  for (int ax3_0_0 = 0; ax3_0_0 < 2; ++ax3_0_0) {
    if (ax3_0_0 < ((K + 63) >> 6)) {
      for (int ax0_ax1_fused_0 = 0; ax0_ax1_fused_0 < 4; ++ax0_ax1_fused_0) {
        #pragma unroll
        for (int ax0_ax1_fused_3 = 0; ax0_ax1_fused_3 < 8; ++ax0_ax1_fused_3) {
          half condval;
          if ((((((((int)blockIdx.y) * 128) + (ax0_ax1_fused_0 * 32)) + (((int)threadIdx.y) * 4)) + (((int)threadIdx.x) >> 3)) < M) && ((((ax3_0_0 * 64) + ((((int)threadIdx.x) & 7) * 8)) + ax0_ax1_fused_3) < K)) {
            condval = a_ptr[((((ax3_0_0 * 64) + ((((int)threadIdx.x) & 7) * 8)) + ((((((((int)blockIdx.y) * 128) + (ax0_ax1_fused_0 * 32)) + (((int)threadIdx.y) * 4)) + (((int)threadIdx.x) >> 3)) + (((int)blockIdx.z) * M)) * K)) + ax0_ax1_fused_3)];
          } else {
            condval = __float2half_rn(0x0p+0f/*0.000000e+00*/);
          }
          ((half*)buf_dyn_shmem_ptr)[((((((ax3_0_0 * 9216) + (ax0_ax1_fused_0 * 2304)) + (((int)threadIdx.y) * 288)) + ((((int)threadIdx.x) >> 3) * 72)) + ((((int)threadIdx.x) & 7) * 8)) + ax0_ax1_fused_3)] = condval;
        }
      }
      for (int ax0_ax1_fused_0_1 = 0; ax0_ax1_fused_0_1 < 8; ++ax0_ax1_fused_0_1) {
        #pragma unroll
        for (int ax0_ax1_fused_3_1 = 0; ax0_ax1_fused_3_1 < 8; ++ax0_ax1_fused_3_1) {
          half condval_1;
          if (((((ax3_0_0 * 64) + (ax0_ax1_fused_0_1 * 8)) + ((int)threadIdx.y)) < K) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ax0_ax1_fused_3_1) < N)) {
            condval_1 = b_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + (((((ax3_0_0 * 64) + (ax0_ax1_fused_0_1 * 8)) + (((int)blockIdx.z) * K)) + ((int)threadIdx.y)) * N)) + ax0_ax1_fused_3_1)];
          } else {
            condval_1 = __float2half_rn(0x0p+0f/*0.000000e+00*/);
          }
          ((half*)buf_dyn_shmem_ptr)[((((((ax3_0_0 * 16896) + (ax0_ax1_fused_0_1 * 2112)) + (((int)threadIdx.y) * 264)) + (((int)threadIdx.x) * 8)) + ax0_ax1_fused_3_1) + 27648)] = condval_1;
        }
      }
      tvm_builtin_ptx_cp_async_commit_group_async_commit_group();
    }
  }
  for (int ax3_0_0_1 = 0; ax3_0_0_1 < (((K + 63) >> 6) - 2); ++ax3_0_0_1) {
    __syncthreads();
    for (int ax0_ax1_fused_0_2 = 0; ax0_ax1_fused_0_2 < 4; ++ax0_ax1_fused_0_2) {
      #pragma unroll
      for (int ax0_ax1_fused_3_2 = 0; ax0_ax1_fused_3_2 < 8; ++ax0_ax1_fused_3_2) {
        half condval_2;
        if ((((((((int)blockIdx.y) * 128) + (ax0_ax1_fused_0_2 * 32)) + (((int)threadIdx.y) * 4)) + (((int)threadIdx.x) >> 3)) < M) && (((((ax3_0_0_1 * 64) + ((((int)threadIdx.x) & 7) * 8)) + ax0_ax1_fused_3_2) + 128) < K)) {
          condval_2 = a_ptr[(((((ax3_0_0_1 * 64) + ((((int)threadIdx.x) & 7) * 8)) + ((((((((int)blockIdx.y) * 128) + (ax0_ax1_fused_0_2 * 32)) + (((int)threadIdx.y) * 4)) + (((int)threadIdx.x) >> 3)) + (((int)blockIdx.z) * M)) * K)) + ax0_ax1_fused_3_2) + 128)];
        } else {
          condval_2 = __float2half_rn(0x0p+0f/*0.000000e+00*/);
        }
        ((half*)buf_dyn_shmem_ptr)[((((((((ax3_0_0_1 + 2) % 3) * 9216) + (ax0_ax1_fused_0_2 * 2304)) + (((int)threadIdx.y) * 288)) + ((((int)threadIdx.x) >> 3) * 72)) + ((((int)threadIdx.x) & 7) * 8)) + ax0_ax1_fused_3_2)] = condval_2;
      }
    }
    for (int ax0_ax1_fused_0_3 = 0; ax0_ax1_fused_0_3 < 8; ++ax0_ax1_fused_0_3) {
      #pragma unroll
      for (int ax0_ax1_fused_3_3 = 0; ax0_ax1_fused_3_3 < 8; ++ax0_ax1_fused_3_3) {
        half condval_3;
        if ((((((ax3_0_0_1 * 64) + (ax0_ax1_fused_0_3 * 8)) + ((int)threadIdx.y)) + 128) < K) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ax0_ax1_fused_3_3) < N)) {
          condval_3 = b_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((ax3_0_0_1 * 64) + (ax0_ax1_fused_0_3 * 8)) + (((int)blockIdx.z) * K)) + ((int)threadIdx.y)) + 128) * N)) + ax0_ax1_fused_3_3)];
        } else {
          condval_3 = __float2half_rn(0x0p+0f/*0.000000e+00*/);
        }
        ((half*)buf_dyn_shmem_ptr)[((((((((ax3_0_0_1 + 2) % 3) * 16896) + (ax0_ax1_fused_0_3 * 2112)) + (((int)threadIdx.y) * 264)) + (((int)threadIdx.x) * 8)) + ax0_ax1_fused_3_3) + 27648)] = condval_3;
      }
    }
    tvm_builtin_ptx_cp_async_commit_group_async_commit_group();
    tvm_builtin_ptx_cp_async_wait_group_async_wait_group_2();
    __syncthreads();
    #pragma unroll
    for (int ax3_0_1 = 0; ax3_0_1 < 4; ++ax3_0_1) {
      #pragma unroll
      for (int ax0_0 = 0; ax0_0 < 4; ++ax0_0) {

  {
    unsigned int addr = __cvta_generic_to_shared((&(((half*)buf_dyn_shmem_ptr)[(((((ax3_0_0_1 % 3) * 9216) + ((((int)threadIdx.y) >> 2) * 4608)) + (ax0_0 * 1152)) + (ax3_0_1 * 16))])) + (((((int)threadIdx.x) & 15) * 72) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax0_0 * 256) + (((int)threadIdx.x) * 8))))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax0_0 * 256) + (((int)threadIdx.x) * 8))))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax0_0 * 256) + (((int)threadIdx.x) * 8))))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax0_0 * 256) + (((int)threadIdx.x) * 8))))[3])
      : "r"(addr)
    );
  }
      }
      #pragma unroll
      for (int ax1_0 = 0; ax1_0 < 4; ++ax1_0) {

  {
    unsigned int addr = __cvta_generic_to_shared((&(((half*)buf_dyn_shmem_ptr)[((((((ax3_0_0_1 % 3) * 16896) + (ax3_0_1 * 4224)) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + 27648)])) + (((((int)threadIdx.x) & 15) * 264) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax1_0 * 256) + (((int)threadIdx.x) * 8))))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax1_0 * 256) + (((int)threadIdx.x) * 8))))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax1_0 * 256) + (((int)threadIdx.x) * 8))))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax1_0 * 256) + (((int)threadIdx.x) * 8))))[3])
      : "r"(addr)
    );
  }
      }
      #pragma unroll
      for (int ax1_0_2 = 0; ax1_0_2 < 4; ++ax1_0_2) {
        #pragma unroll
        for (int ax2_0_2 = 0; ax2_0_2 < 4; ++ax2_0_2) {

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[1]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[2]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[3]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax2_0_2 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + ((ax2_0_2 * 256) + (((int)threadIdx.x) * 8))))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2 * 32) + (ax2_0_2 * 8))))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[1]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[2]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr + ((ax1_0_2 * 256) + (((int)threadIdx.x) * 8))))[3]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + (((ax2_0_2 * 256) + (((int)threadIdx.x) * 8)) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr + (((ax2_0_2 * 256) + (((int)threadIdx.x) * 8)) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2 * 32) + (ax2_0_2 * 8)) + 4)))[3]));
  }
        }
      }
    }
  }
  #pragma unroll
  for (int ax3_0_0_2 = 0; ax3_0_0_2 < 2; ++ax3_0_0_2) {
    if ((2 <= (((K + 63) >> 6) + ax3_0_0_2)) && (2 <= (((K + 63) >> 6) + ax3_0_0_2))) {
      tvm_builtin_ptx_cp_async_wait_group_async_wait_group_0();
      __syncthreads();
      #pragma unroll
      for (int ax3_0_1_1 = 0; ax3_0_1_1 < 4; ++ax3_0_1_1) {
        #pragma unroll
        for (int ax0_0_1 = 0; ax0_0_1 < 4; ++ax0_0_1) {

  {
    unsigned int addr = __cvta_generic_to_shared((&(((half*)buf_dyn_shmem_ptr)[(((((((((K + 63) >> 6) + ax3_0_0_2) + 1) % 3) * 9216) + ((((int)threadIdx.y) >> 2) * 4608)) + (ax0_0_1 * 1152)) + (ax3_0_1_1 * 16))])) + (((((int)threadIdx.x) & 15) * 72) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax0_0_1 * 256) + (((int)threadIdx.x) * 8))))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax0_0_1 * 256) + (((int)threadIdx.x) * 8))))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax0_0_1 * 256) + (((int)threadIdx.x) * 8))))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax0_0_1 * 256) + (((int)threadIdx.x) * 8))))[3])
      : "r"(addr)
    );
  }
        }
        #pragma unroll
        for (int ax1_0_1 = 0; ax1_0_1 < 4; ++ax1_0_1) {

  {
    unsigned int addr = __cvta_generic_to_shared((&(((half*)buf_dyn_shmem_ptr)[((((((((((K + 63) >> 6) + ax3_0_0_2) + 1) % 3) * 16896) + (ax3_0_1_1 * 4224)) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0_1 * 16)) + 27648)])) + (((((int)threadIdx.x) & 15) * 264) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_1 * 256) + (((int)threadIdx.x) * 8))))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_1 * 256) + (((int)threadIdx.x) * 8))))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_1 * 256) + (((int)threadIdx.x) * 8))))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_1 * 256) + (((int)threadIdx.x) * 8))))[3])
      : "r"(addr)
    );
  }
        }
        #pragma unroll
        for (int ax1_0_2_1 = 0; ax1_0_2_1 < 4; ++ax1_0_2_1) {
          #pragma unroll
          for (int ax2_0_2_1 = 0; ax2_0_2_1 < 4; ++ax2_0_2_1) {

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[1]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[2]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[3]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax2_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + ((ax2_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + ((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8))))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[0]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[1]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[2]), "r"(((unsigned *)(a_reindex_pad_shared_dyn_warp_ptr_1 + ((ax1_0_2_1 * 256) + (((int)threadIdx.x) * 8))))[3]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + (((ax2_0_2_1 * 256) + (((int)threadIdx.x) * 8)) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_dyn_warp_ptr_1 + (((ax2_0_2_1 * 256) + (((int)threadIdx.x) * 8)) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((ax1_0_2_1 * 32) + (ax2_0_2_1 * 8)) + 4)))[3]));
  }
          }
        }
      }
    }
  }
  #pragma unroll
  for (int ax0_0_2 = 0; ax0_0_2 < 4; ++ax0_0_2) {
    #pragma unroll
    for (int ax1_0_3 = 0; ax1_0_3 < 4; ++ax1_0_3) {
      #pragma unroll
      for (int ax1_1_0 = 0; ax1_1_0 < 2; ++ax1_1_0) {
        #pragma unroll
        for (int ax0_1_0 = 0; ax0_1_0 < 2; ++ax0_1_0) {
          #pragma unroll
          for (int ax1_1_2 = 0; ax1_1_2 < 2; ++ax1_1_2) {
            if (((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0_2 * 16)) + (ax0_1_0 * 8)) + (((int)threadIdx.x) >> 2)) < M) && (((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0_3 * 16)) + (ax1_1_0 * 8)) + ((((int)threadIdx.x) & 3) * 2)) + ax1_1_2) < N)) {
              out_ptr[((((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0_3 * 16)) + (ax1_1_0 * 8)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0_2 * 16)) + (ax0_1_0 * 8)) + (((int)threadIdx.x) >> 2)) * N)) + ax1_1_2)] = ((half)((bmm_residual_kernel_reindex_pad_warp_ptr[(((((ax0_0_2 * 32) + (ax1_0_3 * 8)) + (ax1_1_0 * 4)) + (ax0_1_0 * 2)) + ax1_1_2)] * alpha) + ((float)r_ptr[((((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0_3 * 16)) + (ax1_1_0 * 8)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0_2 * 16)) + (ax0_1_0 * 8)) + (((int)threadIdx.x) >> 2)) * N)) + ax1_1_2)])));
            }
          }
        }
      }
    }
  }
}

