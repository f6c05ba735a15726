
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
extern "C" __global__ void __launch_bounds__(512) bmm_residual_kernel_kernel(half* __restrict__ a_ptr, half* __restrict__ b_ptr, half* __restrict__ out_ptr, half* __restrict__ r_ptr, int B, int K, int M, int N, float alpha);
extern "C" __global__ void __launch_bounds__(512) bmm_residual_kernel_kernel(half* __restrict__ a_ptr, half* __restrict__ b_ptr, half* __restrict__ out_ptr, half* __restrict__ r_ptr, int B, int K, int M, int N, float alpha) {
  alignas(64) float bmm_residual_kernel_pad_local_ptr[64];
  __shared__ alignas(64) half a_pad_shared_ptr[4096];
  __shared__ alignas(64) half b_pad_shared_ptr[8192];
  bmm_residual_kernel_pad_local_ptr[0] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[1] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[2] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[3] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[4] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[5] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[6] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[7] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[8] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[9] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[10] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[11] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[12] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[13] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[14] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[15] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[16] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[17] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[18] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[19] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[20] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[21] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[22] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[23] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[24] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[25] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[26] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[27] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[28] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[29] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[30] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[31] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[32] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[33] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[34] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[35] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[36] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[37] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[38] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[39] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[40] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[41] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[42] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[43] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[44] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[45] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[46] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[47] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[48] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[49] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[50] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[51] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[52] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[53] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[54] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[55] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[56] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[57] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[58] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[59] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[60] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[61] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[62] = 0x0p+0f/*0.000000e+00*/;
  bmm_residual_kernel_pad_local_ptr[63] = 0x0p+0f/*0.000000e+00*/;
  for (int k_0 = 0; k_0 < ((K + 31) >> 5); ++k_0) {
    __syncthreads();
    for (int ax0_ax1_fused_3_s = 0; ax0_ax1_fused_3_s < 8; ++ax0_ax1_fused_3_s) {
      half condval;
      if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + (((int)threadIdx.x) >> 2)) < M) && ((((k_0 * 32) + ((((int)threadIdx.x) & 3) * 8)) + ax0_ax1_fused_3_s) < K)) {
        condval = a_ptr[(((((k_0 * 32) + ((((int)threadIdx.x) & 3) * 8)) + ((((int)blockIdx.z) * M) * K)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + (((int)threadIdx.x) >> 2)) * K)) + ax0_ax1_fused_3_s)];
      } else {
        condval = __float2half_rn(0x0p+0f/*0.000000e+00*/);
      }
      a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + (((int)threadIdx.x) * 8)) + ax0_ax1_fused_3_s)] = condval;
    }
    for (int ax0_ax1_fused_0 = 0; ax0_ax1_fused_0 < 2; ++ax0_ax1_fused_0) {
      for (int ax0_ax1_fused_3_s_1 = 0; ax0_ax1_fused_3_s_1 < 8; ++ax0_ax1_fused_3_s_1) {
        half condval_1;
        if (((((k_0 * 32) + (ax0_ax1_fused_0 * 16)) + ((int)threadIdx.y)) < K) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ax0_ax1_fused_3_s_1) < N)) {
          condval_1 = b_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * K) * N)) + ((((k_0 * 32) + (ax0_ax1_fused_0 * 16)) + ((int)threadIdx.y)) * N)) + ax0_ax1_fused_3_s_1)];
        } else {
          condval_1 = __float2half_rn(0x0p+0f/*0.000000e+00*/);
        }
        b_pad_shared_ptr[((((ax0_ax1_fused_0 * 4096) + (((int)threadIdx.y) * 256)) + (((int)threadIdx.x) * 8)) + ax0_ax1_fused_3_s_1)] = condval_1;
      }
    }
    __syncthreads();
    for (int k_1 = 0; k_1 < 32; ++k_1) {
      bmm_residual_kernel_pad_local_ptr[0] = (bmm_residual_kernel_pad_local_ptr[0] + (((float)a_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)b_pad_shared_ptr[((k_1 * 256) + (((int)threadIdx.x) * 8))])));
      bmm_residual_kernel_pad_local_ptr[1] = (bmm_residual_kernel_pad_local_ptr[1] + (((float)a_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 1)])));
      bmm_residual_kernel_pad_local_ptr[2] = (bmm_residual_kernel_pad_local_ptr[2] + (((float)a_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 2)])));
      bmm_residual_kernel_pad_local_ptr[3] = (bmm_residual_kernel_pad_local_ptr[3] + (((float)a_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 3)])));
      bmm_residual_kernel_pad_local_ptr[4] = (bmm_residual_kernel_pad_local_ptr[4] + (((float)a_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 4)])));
      bmm_residual_kernel_pad_local_ptr[5] = (bmm_residual_kernel_pad_local_ptr[5] + (((float)a_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 5)])));
      bmm_residual_kernel_pad_local_ptr[6] = (bmm_residual_kernel_pad_local_ptr[6] + (((float)a_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 6)])));
      bmm_residual_kernel_pad_local_ptr[7] = (bmm_residual_kernel_pad_local_ptr[7] + (((float)a_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 7)])));
      bmm_residual_kernel_pad_local_ptr[8] = (bmm_residual_kernel_pad_local_ptr[8] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)b_pad_shared_ptr[((k_1 * 256) + (((int)threadIdx.x) * 8))])));
      bmm_residual_kernel_pad_local_ptr[9] = (bmm_residual_kernel_pad_local_ptr[9] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 1)])));
      bmm_residual_kernel_pad_local_ptr[10] = (bmm_residual_kernel_pad_local_ptr[10] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 2)])));
      bmm_residual_kernel_pad_local_ptr[11] = (bmm_residual_kernel_pad_local_ptr[11] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 3)])));
      bmm_residual_kernel_pad_local_ptr[12] = (bmm_residual_kernel_pad_local_ptr[12] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 4)])));
      bmm_residual_kernel_pad_local_ptr[13] = (bmm_residual_kernel_pad_local_ptr[13] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 5)])));
      bmm_residual_kernel_pad_local_ptr[14] = (bmm_residual_kernel_pad_local_ptr[14] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 6)])));
      bmm_residual_kernel_pad_local_ptr[15] = (bmm_residual_kernel_pad_local_ptr[15] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 7)])));
      bmm_residual_kernel_pad_local_ptr[16] = (bmm_residual_kernel_pad_local_ptr[16] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)b_pad_shared_ptr[((k_1 * 256) + (((int)threadIdx.x) * 8))])));
      bmm_residual_kernel_pad_local_ptr[17] = (bmm_residual_kernel_pad_local_ptr[17] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 1)])));
      bmm_residual_kernel_pad_local_ptr[18] = (bmm_residual_kernel_pad_local_ptr[18] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 2)])));
      bmm_residual_kernel_pad_local_ptr[19] = (bmm_residual_kernel_pad_local_ptr[19] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 3)])));
      bmm_residual_kernel_pad_local_ptr[20] = (bmm_residual_kernel_pad_local_ptr[20] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 4)])));
      bmm_residual_kernel_pad_local_ptr[21] = (bmm_residual_kernel_pad_local_ptr[21] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 5)])));
      bmm_residual_kernel_pad_local_ptr[22] = (bmm_residual_kernel_pad_local_ptr[22] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 6)])));
      bmm_residual_kernel_pad_local_ptr[23] = (bmm_residual_kernel_pad_local_ptr[23] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 7)])));
      bmm_residual_kernel_pad_local_ptr[24] = (bmm_residual_kernel_pad_local_ptr[24] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)b_pad_shared_ptr[((k_1 * 256) + (((int)threadIdx.x) * 8))])));
      bmm_residual_kernel_pad_local_ptr[25] = (bmm_residual_kernel_pad_local_ptr[25] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 1)])));
      bmm_residual_kernel_pad_local_ptr[26] = (bmm_residual_kernel_pad_local_ptr[26] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 2)])));
      bmm_residual_kernel_pad_local_ptr[27] = (bmm_residual_kernel_pad_local_ptr[27] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 3)])));
      bmm_residual_kernel_pad_local_ptr[28] = (bmm_residual_kernel_pad_local_ptr[28] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 4)])));
      bmm_residual_kernel_pad_local_ptr[29] = (bmm_residual_kernel_pad_local_ptr[29] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 5)])));
      bmm_residual_kernel_pad_local_ptr[30] = (bmm_residual_kernel_pad_local_ptr[30] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 6)])));
      bmm_residual_kernel_pad_local_ptr[31] = (bmm_residual_kernel_pad_local_ptr[31] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 7)])));
      bmm_residual_kernel_pad_local_ptr[32] = (bmm_residual_kernel_pad_local_ptr[32] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)b_pad_shared_ptr[((k_1 * 256) + (((int)threadIdx.x) * 8))])));
      bmm_residual_kernel_pad_local_ptr[33] = (bmm_residual_kernel_pad_local_ptr[33] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 1)])));
      bmm_residual_kernel_pad_local_ptr[34] = (bmm_residual_kernel_pad_local_ptr[34] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 2)])));
      bmm_residual_kernel_pad_local_ptr[35] = (bmm_residual_kernel_pad_local_ptr[35] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 3)])));
      bmm_residual_kernel_pad_local_ptr[36] = (bmm_residual_kernel_pad_local_ptr[36] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 4)])));
      bmm_residual_kernel_pad_local_ptr[37] = (bmm_residual_kernel_pad_local_ptr[37] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 5)])));
      bmm_residual_kernel_pad_local_ptr[38] = (bmm_residual_kernel_pad_local_ptr[38] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 6)])));
      bmm_residual_kernel_pad_local_ptr[39] = (bmm_residual_kernel_pad_local_ptr[39] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 7)])));
      bmm_residual_kernel_pad_local_ptr[40] = (bmm_residual_kernel_pad_local_ptr[40] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)b_pad_shared_ptr[((k_1 * 256) + (((int)threadIdx.x) * 8))])));
      bmm_residual_kernel_pad_local_ptr[41] = (bmm_residual_kernel_pad_local_ptr[41] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 1)])));
      bmm_residual_kernel_pad_local_ptr[42] = (bmm_residual_kernel_pad_local_ptr[42] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 2)])));
      bmm_residual_kernel_pad_local_ptr[43] = (bmm_residual_kernel_pad_local_ptr[43] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 3)])));
      bmm_residual_kernel_pad_local_ptr[44] = (bmm_residual_kernel_pad_local_ptr[44] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 4)])));
      bmm_residual_kernel_pad_local_ptr[45] = (bmm_residual_kernel_pad_local_ptr[45] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 5)])));
      bmm_residual_kernel_pad_local_ptr[46] = (bmm_residual_kernel_pad_local_ptr[46] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 6)])));
      bmm_residual_kernel_pad_local_ptr[47] = (bmm_residual_kernel_pad_local_ptr[47] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 7)])));
      bmm_residual_kernel_pad_local_ptr[48] = (bmm_residual_kernel_pad_local_ptr[48] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)b_pad_shared_ptr[((k_1 * 256) + (((int)threadIdx.x) * 8))])));
      bmm_residual_kernel_pad_local_ptr[49] = (bmm_residual_kernel_pad_local_ptr[49] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 1)])));
      bmm_residual_kernel_pad_local_ptr[50] = (bmm_residual_kernel_pad_local_ptr[50] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 2)])));
      bmm_residual_kernel_pad_local_ptr[51] = (bmm_residual_kernel_pad_local_ptr[51] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 3)])));
      bmm_residual_kernel_pad_local_ptr[52] = (bmm_residual_kernel_pad_local_ptr[52] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 4)])));
      bmm_residual_kernel_pad_local_ptr[53] = (bmm_residual_kernel_pad_local_ptr[53] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 5)])));
      bmm_residual_kernel_pad_local_ptr[54] = (bmm_residual_kernel_pad_local_ptr[54] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 6)])));
      bmm_residual_kernel_pad_local_ptr[55] = (bmm_residual_kernel_pad_local_ptr[55] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 7)])));
      bmm_residual_kernel_pad_local_ptr[56] = (bmm_residual_kernel_pad_local_ptr[56] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)b_pad_shared_ptr[((k_1 * 256) + (((int)threadIdx.x) * 8))])));
      bmm_residual_kernel_pad_local_ptr[57] = (bmm_residual_kernel_pad_local_ptr[57] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 1)])));
      bmm_residual_kernel_pad_local_ptr[58] = (bmm_residual_kernel_pad_local_ptr[58] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 2)])));
      bmm_residual_kernel_pad_local_ptr[59] = (bmm_residual_kernel_pad_local_ptr[59] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 3)])));
      bmm_residual_kernel_pad_local_ptr[60] = (bmm_residual_kernel_pad_local_ptr[60] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 4)])));
      bmm_residual_kernel_pad_local_ptr[61] = (bmm_residual_kernel_pad_local_ptr[61] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 5)])));
      bmm_residual_kernel_pad_local_ptr[62] = (bmm_residual_kernel_pad_local_ptr[62] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 6)])));
      bmm_residual_kernel_pad_local_ptr[63] = (bmm_residual_kernel_pad_local_ptr[63] + (((float)a_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)b_pad_shared_ptr[(((k_1 * 256) + (((int)threadIdx.x) * 8)) + 7)])));
    }
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N))] = ((half)((bmm_residual_kernel_pad_local_ptr[0] * alpha) + ((float)r_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N))])));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 1)] = ((half)((bmm_residual_kernel_pad_local_ptr[1] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 1)])));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 2)] = ((half)((bmm_residual_kernel_pad_local_ptr[2] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 2)])));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 3)] = ((half)((bmm_residual_kernel_pad_local_ptr[3] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 3)])));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 4)] = ((half)((bmm_residual_kernel_pad_local_ptr[4] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 4)])));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 5)] = ((half)((bmm_residual_kernel_pad_local_ptr[5] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 5)])));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 6)] = ((half)((bmm_residual_kernel_pad_local_ptr[6] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 6)])));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 7)] = ((half)((bmm_residual_kernel_pad_local_ptr[7] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 7)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N))] = ((half)((bmm_residual_kernel_pad_local_ptr[8] * alpha) + ((float)r_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N))])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 1)] = ((half)((bmm_residual_kernel_pad_local_ptr[9] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 1)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 2)] = ((half)((bmm_residual_kernel_pad_local_ptr[10] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 2)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 3)] = ((half)((bmm_residual_kernel_pad_local_ptr[11] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 3)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 4)] = ((half)((bmm_residual_kernel_pad_local_ptr[12] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 4)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 5)] = ((half)((bmm_residual_kernel_pad_local_ptr[13] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 5)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 6)] = ((half)((bmm_residual_kernel_pad_local_ptr[14] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 6)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 7)] = ((half)((bmm_residual_kernel_pad_local_ptr[15] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 7)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N))] = ((half)((bmm_residual_kernel_pad_local_ptr[16] * alpha) + ((float)r_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N))])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 1)] = ((half)((bmm_residual_kernel_pad_local_ptr[17] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 1)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 2)] = ((half)((bmm_residual_kernel_pad_local_ptr[18] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 2)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 3)] = ((half)((bmm_residual_kernel_pad_local_ptr[19] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 3)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 4)] = ((half)((bmm_residual_kernel_pad_local_ptr[20] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 4)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 5)] = ((half)((bmm_residual_kernel_pad_local_ptr[21] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 5)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 6)] = ((half)((bmm_residual_kernel_pad_local_ptr[22] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 6)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 7)] = ((half)((bmm_residual_kernel_pad_local_ptr[23] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 7)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N))] = ((half)((bmm_residual_kernel_pad_local_ptr[24] * alpha) + ((float)r_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N))])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 1)] = ((half)((bmm_residual_kernel_pad_local_ptr[25] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 1)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 2)] = ((half)((bmm_residual_kernel_pad_local_ptr[26] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 2)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 3)] = ((half)((bmm_residual_kernel_pad_local_ptr[27] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 3)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 4)] = ((half)((bmm_residual_kernel_pad_local_ptr[28] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 4)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 5)] = ((half)((bmm_residual_kernel_pad_local_ptr[29] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 5)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 6)] = ((half)((bmm_residual_kernel_pad_local_ptr[30] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 6)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 7)] = ((half)((bmm_residual_kernel_pad_local_ptr[31] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 7)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N))] = ((half)((bmm_residual_kernel_pad_local_ptr[32] * alpha) + ((float)r_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N))])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 1)] = ((half)((bmm_residual_kernel_pad_local_ptr[33] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 1)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 2)] = ((half)((bmm_residual_kernel_pad_local_ptr[34] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 2)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 3)] = ((half)((bmm_residual_kernel_pad_local_ptr[35] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 3)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 4)] = ((half)((bmm_residual_kernel_pad_local_ptr[36] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 4)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 5)] = ((half)((bmm_residual_kernel_pad_local_ptr[37] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 5)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 6)] = ((half)((bmm_residual_kernel_pad_local_ptr[38] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 6)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 7)] = ((half)((bmm_residual_kernel_pad_local_ptr[39] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 7)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N))] = ((half)((bmm_residual_kernel_pad_local_ptr[40] * alpha) + ((float)r_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N))])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 1)] = ((half)((bmm_residual_kernel_pad_local_ptr[41] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 1)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 2)] = ((half)((bmm_residual_kernel_pad_local_ptr[42] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 2)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 3)] = ((half)((bmm_residual_kernel_pad_local_ptr[43] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 3)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 4)] = ((half)((bmm_residual_kernel_pad_local_ptr[44] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 4)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 5)] = ((half)((bmm_residual_kernel_pad_local_ptr[45] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 5)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 6)] = ((half)((bmm_residual_kernel_pad_local_ptr[46] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 6)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 7)] = ((half)((bmm_residual_kernel_pad_local_ptr[47] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 7)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N))] = ((half)((bmm_residual_kernel_pad_local_ptr[48] * alpha) + ((float)r_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N))])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 1)] = ((half)((bmm_residual_kernel_pad_local_ptr[49] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 1)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 2)] = ((half)((bmm_residual_kernel_pad_local_ptr[50] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 2)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 3)] = ((half)((bmm_residual_kernel_pad_local_ptr[51] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 3)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 4)] = ((half)((bmm_residual_kernel_pad_local_ptr[52] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 4)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 5)] = ((half)((bmm_residual_kernel_pad_local_ptr[53] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 5)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 6)] = ((half)((bmm_residual_kernel_pad_local_ptr[54] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 6)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 7)] = ((half)((bmm_residual_kernel_pad_local_ptr[55] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 7)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N))] = ((half)((bmm_residual_kernel_pad_local_ptr[56] * alpha) + ((float)r_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N))])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 1)] = ((half)((bmm_residual_kernel_pad_local_ptr[57] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 1)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 2)] = ((half)((bmm_residual_kernel_pad_local_ptr[58] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 2)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 3)] = ((half)((bmm_residual_kernel_pad_local_ptr[59] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 3)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 4)] = ((half)((bmm_residual_kernel_pad_local_ptr[60] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 4)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 5)] = ((half)((bmm_residual_kernel_pad_local_ptr[61] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 5)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 6)] = ((half)((bmm_residual_kernel_pad_local_ptr[62] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 6)])));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 7)] = ((half)((bmm_residual_kernel_pad_local_ptr[63] * alpha) + ((float)r_ptr[(((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((int)blockIdx.z) * M) * N)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 7)])));
  }
}

