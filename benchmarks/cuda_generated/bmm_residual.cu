
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
__forceinline__ __device__ void tvm_builtin_ptx_cp_async_wait_group_async_wait_group_1() {
  asm volatile("cp.async.wait_group 1;" :  :  : "memory");
}
__forceinline__ __device__ void tvm_builtin_ptx_cp_async_commit_group_async_commit_group() {
  asm volatile("cp.async.commit_group;" :  : );
}
extern "C" __global__ void __launch_bounds__(256) bmm_residual_kernel_kernel(half* __restrict__ a_ptr, half* __restrict__ b_ptr, half* __restrict__ out_ptr, half* __restrict__ r_ptr, int B, int K, int M, int N, float alpha);
extern "C" __global__ void __launch_bounds__(256) bmm_residual_kernel_kernel(half* __restrict__ a_ptr, half* __restrict__ b_ptr, half* __restrict__ out_ptr, half* __restrict__ r_ptr, int B, int K, int M, int N, float alpha) {
  alignas(64) float bmm_residual_kernel_reindex_pad_warp_ptr[128];
  __shared__ alignas(64) half a_reindex_pad_shared_ptr[6144];
  __shared__ alignas(64) half b_reindex_pad_shared_ptr[12288];
  alignas(64) half a_reindex_pad_shared_warp_ptr[1024];
  alignas(64) half b_reindex_pad_shared_warp_ptr[1024];
  alignas(64) half a_reindex_pad_shared_warp_ptr_1[1024];
  alignas(64) half b_reindex_pad_shared_warp_ptr_1[1024];
  for (int ax1_0_2_init = 0; ax1_0_2_init < 4; ++ax1_0_2_init) {
    for (int ax2_0_2_init = 0; ax2_0_2_init < 4; ++ax2_0_2_init) {
      for (int i = 0; i < 8; ++i) {
bmm_residual_kernel_reindex_pad_warp_ptr[((ax1_0_2_init * 32) + (ax2_0_2_init * 8)) + i] = 0.0;}
;
    }
  }
  if (0 < K) {
    for (int ax0_ax1_fused_3_s = 0; ax0_ax1_fused_3_s < 8; ++ax0_ax1_fused_3_s) {
      half condval;
      if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 16)) + (((int)threadIdx.x) >> 1)) < M) && ((((((int)threadIdx.x) & 1) * 8) + ax0_ax1_fused_3_s) < K)) {
        condval = a_ptr[((((((int)threadIdx.x) & 1) * 8) + (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 16)) + (((int)threadIdx.x) >> 1)) + (((int)blockIdx.z) * M)) * K)) + ax0_ax1_fused_3_s)];
      } else {
        condval = __float2half_rn(0x0p+0f/*0.000000e+00*/);
      }
      a_reindex_pad_shared_ptr[((((((int)threadIdx.y) * 384) + ((((int)threadIdx.x) >> 1) * 24)) + ((((int)threadIdx.x) & 1) * 8)) + ax0_ax1_fused_3_s)] = condval;
    }
    for (int ax0_ax1_fused_0 = 0; ax0_ax1_fused_0 < 2; ++ax0_ax1_fused_0) {
      for (int ax0_ax1_fused_3_s_1 = 0; ax0_ax1_fused_3_s_1 < 8; ++ax0_ax1_fused_3_s_1) {
        half condval_1;
        if ((((((((int)blockIdx.x) * 256) + (ax0_ax1_fused_0 * 128)) + (((int)threadIdx.y) * 16)) + (((int)threadIdx.x) >> 1)) < N) && ((((((int)threadIdx.x) & 1) * 8) + ax0_ax1_fused_3_s_1) < K)) {
          condval_1 = b_ptr[(((((((int)blockIdx.x) * 256) + (ax0_ax1_fused_0 * 128)) + (((int)threadIdx.y) * 16)) + (((int)threadIdx.x) >> 1)) + (((((((int)threadIdx.x) & 1) * 8) + (((int)blockIdx.z) * K)) + ax0_ax1_fused_3_s_1) * N))];
        } else {
          condval_1 = __float2half_rn(0x0p+0f/*0.000000e+00*/);
        }
        b_reindex_pad_shared_ptr[(((((ax0_ax1_fused_0 * 3072) + (((int)threadIdx.y) * 384)) + ((((int)threadIdx.x) >> 1) * 24)) + ((((int)threadIdx.x) & 1) * 8)) + ax0_ax1_fused_3_s_1)] = condval_1;
      }
    }
    tvm_builtin_ptx_cp_async_commit_group_async_commit_group();
  }
  for (int ax3_0_0 = 0; ax3_0_0 < (((K + 15) >> 4) - 1); ++ax3_0_0) {
    __syncthreads();
    for (int ax0_ax1_fused_3_s_2 = 0; ax0_ax1_fused_3_s_2 < 8; ++ax0_ax1_fused_3_s_2) {
      half condval_2;
      if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 16)) + (((int)threadIdx.x) >> 1)) < M) && (((((ax3_0_0 * 16) + ((((int)threadIdx.x) & 1) * 8)) + ax0_ax1_fused_3_s_2) + 16) < K)) {
        condval_2 = a_ptr[(((((ax3_0_0 * 16) + ((((int)threadIdx.x) & 1) * 8)) + (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 16)) + (((int)threadIdx.x) >> 1)) + (((int)blockIdx.z) * M)) * K)) + ax0_ax1_fused_3_s_2) + 16)];
      } else {
        condval_2 = __float2half_rn(0x0p+0f/*0.000000e+00*/);
      }
      a_reindex_pad_shared_ptr[(((((((ax3_0_0 + 1) & 1) * 3072) + (((int)threadIdx.y) * 384)) + ((((int)threadIdx.x) >> 1) * 24)) + ((((int)threadIdx.x) & 1) * 8)) + ax0_ax1_fused_3_s_2)] = condval_2;
    }
    for (int ax0_ax1_fused_0_1 = 0; ax0_ax1_fused_0_1 < 2; ++ax0_ax1_fused_0_1) {
      for (int ax0_ax1_fused_3_s_3 = 0; ax0_ax1_fused_3_s_3 < 8; ++ax0_ax1_fused_3_s_3) {
        half condval_3;
        if ((((((((int)blockIdx.x) * 256) + (ax0_ax1_fused_0_1 * 128)) + (((int)threadIdx.y) * 16)) + (((int)threadIdx.x) >> 1)) < N) && (((((ax3_0_0 * 16) + ((((int)threadIdx.x) & 1) * 8)) + ax0_ax1_fused_3_s_3) + 16) < K)) {
          condval_3 = b_ptr[(((((((int)blockIdx.x) * 256) + (ax0_ax1_fused_0_1 * 128)) + (((int)threadIdx.y) * 16)) + (((int)threadIdx.x) >> 1)) + ((((((ax3_0_0 * 16) + ((((int)threadIdx.x) & 1) * 8)) + (((int)blockIdx.z) * K)) + ax0_ax1_fused_3_s_3) + 16) * N))];
        } else {
          condval_3 = __float2half_rn(0x0p+0f/*0.000000e+00*/);
        }
        b_reindex_pad_shared_ptr[((((((((ax3_0_0 + 1) & 1) * 6144) + (ax0_ax1_fused_0_1 * 3072)) + (((int)threadIdx.y) * 384)) + ((((int)threadIdx.x) >> 1) * 24)) + ((((int)threadIdx.x) & 1) * 8)) + ax0_ax1_fused_3_s_3)] = condval_3;
      }
    }
    tvm_builtin_ptx_cp_async_commit_group_async_commit_group();
    tvm_builtin_ptx_cp_async_wait_group_async_wait_group_1();
    __syncthreads();

  {
    unsigned int addr = __cvta_generic_to_shared((&(a_reindex_pad_shared_ptr[(((ax3_0_0 & 1) * 3072) + ((((int)threadIdx.y) >> 2) * 1536))])) + (((((int)threadIdx.x) & 15) * 24) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(a_reindex_pad_shared_ptr[((((ax3_0_0 & 1) * 3072) + ((((int)threadIdx.y) >> 2) * 1536)) + 384)])) + (((((int)threadIdx.x) & 15) * 24) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(a_reindex_pad_shared_ptr[((((ax3_0_0 & 1) * 3072) + ((((int)threadIdx.y) >> 2) * 1536)) + 768)])) + (((((int)threadIdx.x) & 15) * 24) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(a_reindex_pad_shared_ptr[((((ax3_0_0 & 1) * 3072) + ((((int)threadIdx.y) >> 2) * 1536)) + 1152)])) + (((((int)threadIdx.x) & 15) * 24) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(b_reindex_pad_shared_ptr[(((ax3_0_0 & 1) * 6144) + ((((int)threadIdx.y) & 3) * 1536))])) + ((((((int)threadIdx.x) >> 4) * 192) + ((((int)threadIdx.x) & 7) * 24)) + (((((int)threadIdx.x) & 15) >> 3) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(b_reindex_pad_shared_ptr[((((ax3_0_0 & 1) * 6144) + ((((int)threadIdx.y) & 3) * 1536)) + 384)])) + ((((((int)threadIdx.x) >> 4) * 192) + ((((int)threadIdx.x) & 7) * 24)) + (((((int)threadIdx.x) & 15) >> 3) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(b_reindex_pad_shared_ptr[((((ax3_0_0 & 1) * 6144) + ((((int)threadIdx.y) & 3) * 1536)) + 768)])) + ((((((int)threadIdx.x) >> 4) * 192) + ((((int)threadIdx.x) & 7) * 24)) + (((((int)threadIdx.x) & 15) >> 3) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(b_reindex_pad_shared_ptr[((((ax3_0_0 & 1) * 6144) + ((((int)threadIdx.y) & 3) * 1536)) + 1152)])) + ((((((int)threadIdx.x) >> 4) * 192) + ((((int)threadIdx.x) & 7) * 24)) + (((((int)threadIdx.x) & 15) >> 3) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[3])
      : "r"(addr)
    );
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 260)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 260)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 516)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 516)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 772)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 772)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 260)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 260)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 516)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 516)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 772)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 772)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 260)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 260)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 516)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 516)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 772)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 772)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + (((int)threadIdx.x) * 8)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 256)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 260)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 260)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 512)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 516)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 516)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 772)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr + ((((int)threadIdx.x) * 8) + 772)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[3]));
  }
  }
  if (1 <= K) {
    tvm_builtin_ptx_cp_async_wait_group_async_wait_group_0();
    __syncthreads();

  {
    unsigned int addr = __cvta_generic_to_shared((&(a_reindex_pad_shared_ptr[((((((K + 15) >> 4) + 1) & 1) * 3072) + ((((int)threadIdx.y) >> 2) * 1536))])) + (((((int)threadIdx.x) & 15) * 24) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(a_reindex_pad_shared_ptr[(((((((K + 15) >> 4) + 1) & 1) * 3072) + ((((int)threadIdx.y) >> 2) * 1536)) + 384)])) + (((((int)threadIdx.x) & 15) * 24) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(a_reindex_pad_shared_ptr[(((((((K + 15) >> 4) + 1) & 1) * 3072) + ((((int)threadIdx.y) >> 2) * 1536)) + 768)])) + (((((int)threadIdx.x) & 15) * 24) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(a_reindex_pad_shared_ptr[(((((((K + 15) >> 4) + 1) & 1) * 3072) + ((((int)threadIdx.y) >> 2) * 1536)) + 1152)])) + (((((int)threadIdx.x) & 15) * 24) + ((((int)threadIdx.x) >> 4) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[2]), "=r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(b_reindex_pad_shared_ptr[((((((K + 15) >> 4) + 1) & 1) * 6144) + ((((int)threadIdx.y) & 3) * 1536))])) + ((((((int)threadIdx.x) >> 4) * 192) + ((((int)threadIdx.x) & 7) * 24)) + (((((int)threadIdx.x) & 15) >> 3) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(b_reindex_pad_shared_ptr[(((((((K + 15) >> 4) + 1) & 1) * 6144) + ((((int)threadIdx.y) & 3) * 1536)) + 384)])) + ((((((int)threadIdx.x) >> 4) * 192) + ((((int)threadIdx.x) & 7) * 24)) + (((((int)threadIdx.x) & 15) >> 3) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(b_reindex_pad_shared_ptr[(((((((K + 15) >> 4) + 1) & 1) * 6144) + ((((int)threadIdx.y) & 3) * 1536)) + 768)])) + ((((((int)threadIdx.x) >> 4) * 192) + ((((int)threadIdx.x) & 7) * 24)) + (((((int)threadIdx.x) & 15) >> 3) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[3])
      : "r"(addr)
    );
  }

  {
    unsigned int addr = __cvta_generic_to_shared((&(b_reindex_pad_shared_ptr[(((((((K + 15) >> 4) + 1) & 1) * 6144) + ((((int)threadIdx.y) & 3) * 1536)) + 1152)])) + ((((((int)threadIdx.x) >> 4) * 192) + ((((int)threadIdx.x) & 7) * 24)) + (((((int)threadIdx.x) & 15) >> 3) * 8)));
    __asm__ __volatile__(
      "ldmatrix.sync.aligned.m8n8.x4.shared.b16"
      "{%0, %1, %2, %3}, [%4];\n"
      : "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[2]), "=r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[3])
      : "r"(addr)
    );
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 0))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 4))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 8))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 260)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 260)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 260) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 16))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 516)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 516)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 516) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 24))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 772)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 772)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 772) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 32))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1028) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 40))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 260)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 260)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1284) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 48))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 516)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 516)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1540) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 56))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 772)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 772)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 1796) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 64))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2052) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 72))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 260)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 260)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2308) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 80))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 516)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 516)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2564) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 88))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 772)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 772)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 2820) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + (((int)threadIdx.x) * 8)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 96))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 4)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3076) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 256)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 104))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 260)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 260)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3332) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 512)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 112))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 516)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 516)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3588) / 256) * 8) + 4)))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + 120))[3]));
  }

  {
    __asm__ __volatile__(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32"
      "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};\n"
      :  "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[0]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[1]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[2]), "=f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[3])
      : "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[0]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[1]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[2]), "r"(((unsigned *)(a_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 768)))[3]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 772)))[0]), "r"(((unsigned *)(b_reindex_pad_shared_warp_ptr_1 + ((((int)threadIdx.x) * 8) + 772)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[0]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[1]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[2]), "f"(((float *)(bmm_residual_kernel_reindex_pad_warp_ptr + (((((((int)threadIdx.x) * 8) + 3844) / 256) * 8) + 4)))[3]));
  }
  }
  for (int ax0_0 = 0; ax0_0 < 4; ++ax0_0) {
    for (int ax1_0 = 0; ax1_0 < 4; ++ax1_0) {
      if ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) < M) && (((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) < N)) {
        out_ptr[((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + (((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) * N))] = ((half)((bmm_residual_kernel_reindex_pad_warp_ptr[((ax0_0 * 32) + (ax1_0 * 8))] * alpha) + ((float)r_ptr[((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + (((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) * N))])));
      }
      if ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) < M) && ((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + 1) < N)) {
        out_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + (((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) * N)) + 1)] = ((half)((bmm_residual_kernel_reindex_pad_warp_ptr[(((ax0_0 * 32) + (ax1_0 * 8)) + 1)] * alpha) + ((float)r_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + (((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) * N)) + 1)])));
      }
      if (((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) < M) && (((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) < N)) {
        out_ptr[((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) * N))] = ((half)((bmm_residual_kernel_reindex_pad_warp_ptr[(((ax0_0 * 32) + (ax1_0 * 8)) + 2)] * alpha) + ((float)r_ptr[((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) * N))])));
      }
      if (((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) < M) && ((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + 1) < N)) {
        out_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) * N)) + 1)] = ((half)((bmm_residual_kernel_reindex_pad_warp_ptr[(((ax0_0 * 32) + (ax1_0 * 8)) + 3)] * alpha) + ((float)r_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) * N)) + 1)])));
      }
      if ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) < M) && ((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + 8) < N)) {
        out_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + (((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) * N)) + 8)] = ((half)((bmm_residual_kernel_reindex_pad_warp_ptr[(((ax0_0 * 32) + (ax1_0 * 8)) + 4)] * alpha) + ((float)r_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + (((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) * N)) + 8)])));
      }
      if ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) < M) && ((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + 9) < N)) {
        out_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + (((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) * N)) + 9)] = ((half)((bmm_residual_kernel_reindex_pad_warp_ptr[(((ax0_0 * 32) + (ax1_0 * 8)) + 5)] * alpha) + ((float)r_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + (((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) * N)) + 9)])));
      }
      if (((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) < M) && ((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + 8) < N)) {
        out_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) * N)) + 8)] = ((half)((bmm_residual_kernel_reindex_pad_warp_ptr[(((ax0_0 * 32) + (ax1_0 * 8)) + 6)] * alpha) + ((float)r_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) * N)) + 8)])));
      }
      if (((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) < M) && ((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + 9) < N)) {
        out_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) * N)) + 9)] = ((half)((bmm_residual_kernel_reindex_pad_warp_ptr[(((ax0_0 * 32) + (ax1_0 * 8)) + 7)] * alpha) + ((float)r_ptr[(((((((((int)blockIdx.x) * 256) + ((((int)threadIdx.y) & 3) * 64)) + (ax1_0 * 16)) + ((((int)threadIdx.x) & 3) * 2)) + ((((int)blockIdx.z) * M) * N)) + ((((((((int)blockIdx.y) * 128) + ((((int)threadIdx.y) >> 2) * 64)) + (ax0_0 * 16)) + (((int)threadIdx.x) >> 2)) + 8) * N)) + 9)])));
      }
    }
  }
}

